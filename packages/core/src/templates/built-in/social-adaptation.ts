import type { PlanTemplate } from '../../schemas/plan-template.schema.js';
import { commonOutcomes, l } from './localized.js';

/**
 * Social adaptation for homeless people and people leaving prison (seed 001, the Omsk region's
 * "Socionavigator" constructor): urgent help first where needed, then documents, housing,
 * income, health, work and social ties. Each provider adapts this template with
 * {@link extendTemplate}.
 */
export const socialAdaptation = {
  id: 'social-adaptation',
  version: 1,
  title: l(
    'Social adaptation (Socionavigator)',
    'Социальная адаптация (Соционавигатор)',
    'Adaptacja społeczna (Socjonawigator)',
    'Socialinė adaptacija (Socionavigatorius)',
    'Soziale Wiedereingliederung (Socionavigator)',
    'Соціальна адаптація (Соціонавігатор)',
  ),
  roles: ['coordinator', 'social-worker', 'psychologist', 'vocational-counsellor', 'assistant', 'supervisor', 'client'],
  goalDomains: [
    { id: 'documents', title: l('Documents', 'Документы', 'Dokumenty', 'Dokumentai', 'Dokumente', 'Документи') },
    { id: 'housing', title: l('Housing', 'Жильё', 'Mieszkanie', 'Būstas', 'Wohnen', 'Житло') },
    { id: 'income', title: l('Income', 'Доход', 'Dochód', 'Pajamos', 'Einkommen', 'Дохід') },
    { id: 'health', title: l('Health', 'Здоровье', 'Zdrowie', 'Sveikata', 'Gesundheit', 'Здоров’я') },
    { id: 'addiction', title: l('Addiction', 'Зависимость', 'Uzależnienie', 'Priklausomybė', 'Sucht', 'Залежність') },
    { id: 'legal', title: l('Legal matters', 'Правовые вопросы', 'Sprawy prawne', 'Teisiniai klausimai', 'Rechtliche Fragen', 'Правові питання') },
    { id: 'employment', title: l('Work', 'Работа', 'Praca', 'Darbas', 'Arbeit', 'Робота') },
    { id: 'social-ties', title: l('Family and friends', 'Семья и друзья', 'Rodzina i przyjaciele', 'Šeima ir draugai', 'Familie und Freunde', 'Родина і друзі') },
  ],
  initialStage: 'first-contact',
  stages: [
    { id: 'first-contact', title: l('First contact', 'Первый контакт', 'Pierwszy kontakt', 'Pirmasis kontaktas', 'Erstkontakt', 'Перший контакт') },
    {
      id: 'urgent-help',
      title: l(
        'Urgent help: shelter, food, documents',
        'Срочная помощь: ночлег, питание, документы',
        'Pilna pomoc: nocleg, jedzenie, dokumenty',
        'Skubi pagalba: nakvynė, maistas, dokumentai',
        'Soforthilfe: Unterkunft, Essen, Dokumente',
        'Термінова допомога: нічліг, харчування, документи',
      ),
      reviewCadenceDays: 7,
    },
    {
      id: 'needs-assessment',
      title: l('Needs assessment', 'Оценка нуждаемости', 'Ocena potrzeb', 'Poreikių vertinimas', 'Bedarfsermittlung', 'Оцінка потреб'),
      requires: [{ kind: 'consent', purpose: 'service' }],
    },
    {
      id: 'adaptation-plan',
      title: l('Adaptation plan', 'План адаптации', 'Plan adaptacji', 'Adaptacijos planas', 'Eingliederungsplan', 'План адаптації'),
      requires: [{ kind: 'assessment' }],
    },
    {
      id: 'stabilisation',
      title: l(
        'Housing, income and health',
        'Жильё, доход и здоровье',
        'Mieszkanie, dochód i zdrowie',
        'Būstas, pajamos ir sveikata',
        'Wohnen, Einkommen und Gesundheit',
        'Житло, дохід і здоров’я',
      ),
      requires: [{ kind: 'goal' }],
    },
    {
      id: 'integration',
      title: l('Work and social ties', 'Работа и социальные связи', 'Praca i więzi społeczne', 'Darbas ir socialiniai ryšiai', 'Arbeit und soziale Kontakte', 'Робота і соціальні зв’язки'),
    },
    {
      id: 'follow-up',
      title: l('Follow-up', 'Постсопровождение', 'Wsparcie po zakończeniu', 'Tolesnė pagalba', 'Nachsorge', 'Подальший супровід'),
      reviewCadenceDays: 90,
    },
  ],
  transitions: [
    { from: 'first-contact', to: 'urgent-help' },
    { from: 'first-contact', to: 'needs-assessment' },
    { from: 'urgent-help', to: 'needs-assessment' },
    { from: 'needs-assessment', to: 'adaptation-plan' },
    { from: 'adaptation-plan', to: 'stabilisation' },
    { from: 'stabilisation', to: 'integration' },
    { from: 'stabilisation', to: 'urgent-help' },
    { from: 'integration', to: 'stabilisation' },
    { from: 'integration', to: 'follow-up' },
    { from: 'follow-up', to: 'stabilisation' },
    { from: 'follow-up', to: 'urgent-help' },
  ],
  outcomes: [
    {
      id: 'independent-living',
      title: l('Living independently', 'Самостоятельная жизнь', 'Samodzielne życie', 'Savarankiškas gyvenimas', 'Selbstständiges Leben', 'Самостійне життя'),
    },
    {
      id: 'residential-care',
      title: l('Moved into residential care', 'Помещён в стационарное учреждение', 'Umieszczony w placówce opieki', 'Apgyvendintas globos įstaigoje', 'In eine Pflegeeinrichtung gezogen', 'Влаштований до стаціонарного закладу'),
    },
    commonOutcomes.withdrew,
    commonOutcomes.transferred,
    commonOutcomes.lostContact,
  ],
  reviewCadenceDays: 30,
  activities: [
    {
      id: 'documents-check',
      title: l('Check progress on documents', 'Проверить, как идёт восстановление документов', 'Sprawdzić postęp w sprawie dokumentów', 'Patikrinti, kaip sekasi su dokumentais', 'Stand der Dokumente prüfen', 'Перевірити, як іде відновлення документів'),
      anchor: 'stage.enter',
      stage: 'urgent-help',
      offsetDays: 14,
      role: 'social-worker',
    },
  ],
} satisfies PlanTemplate;

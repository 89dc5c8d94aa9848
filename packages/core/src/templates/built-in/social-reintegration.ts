import type { PlanTemplate } from '../../schemas/plan-template.schema.js';
import { commonOutcomes, l } from './localized.js';

/**
 * Social reintegration in a CIS, KIS, WTZ or ZAZ (seed 004, Lubuskie): an individual
 * reintegration programme approved by a supervisor, activation, and the participant's readiness
 * to take up employment, with their limitations and weak social ties in view.
 */
export const socialReintegration = {
  id: 'social-reintegration',
  version: 1,
  title: l(
    'Social reintegration (CIS, KIS, WTZ, ZAZ)',
    'Социальная реинтеграция (CIS, KIS, WTZ, ZAZ)',
    'Reintegracja społeczna (CIS, KIS, WTZ, ZAZ)',
    'Socialinė reintegracija (CIS, KIS, WTZ, ZAZ)',
    'Soziale Reintegration (CIS, KIS, WTZ, ZAZ)',
    'Соціальна реінтеграція (CIS, KIS, WTZ, ZAZ)',
  ),
  roles: ['coordinator', 'psychologist', 'vocational-counsellor', 'social-worker', 'job-coach', 'supervisor', 'client'],
  goalDomains: [
    { id: 'work-readiness', title: l('Readiness for work', 'Готовность к работе', 'Gotowość do pracy', 'Pasirengimas dirbti', 'Arbeitsbereitschaft', 'Готовність до роботи') },
    { id: 'vocational-skills', title: l('Vocational skills', 'Профессиональные навыки', 'Umiejętności zawodowe', 'Profesiniai įgūdžiai', 'Berufliche Fähigkeiten', 'Професійні навички') },
    { id: 'social-skills', title: l('Social skills', 'Социальные навыки', 'Umiejętności społeczne', 'Socialiniai įgūdžiai', 'Soziale Kompetenzen', 'Соціальні навички') },
    { id: 'health', title: l('Health', 'Здоровье', 'Zdrowie', 'Sveikata', 'Gesundheit', 'Здоров’я') },
    { id: 'housing', title: l('Housing', 'Жильё', 'Mieszkanie', 'Būstas', 'Wohnen', 'Житло') },
    { id: 'finances', title: l('Money matters', 'Финансы', 'Finanse', 'Finansai', 'Finanzen', 'Фінанси') },
    { id: 'family', title: l('Family', 'Семья', 'Rodzina', 'Šeima', 'Familie', 'Родина') },
  ],
  initialStage: 'recruitment',
  stages: [
    { id: 'recruitment', title: l('Recruitment and intake', 'Набор и приём', 'Rekrutacja i przyjęcie', 'Priėmimas', 'Aufnahme', 'Набір і прийом') },
    {
      id: 'diagnosis',
      title: l(
        'Diagnosis of needs and readiness',
        'Диагностика потребностей и готовности',
        'Diagnoza potrzeb i gotowości',
        'Poreikių ir pasirengimo įvertinimas',
        'Erhebung von Bedarf und Bereitschaft',
        'Діагностика потреб і готовності',
      ),
      requires: [{ kind: 'consent', purpose: 'service' }],
    },
    {
      id: 'individual-programme',
      title: l(
        'Individual reintegration programme',
        'Индивидуальная программа реинтеграции',
        'Indywidualny program zatrudnienia socjalnego',
        'Individuali reintegracijos programa',
        'Individuelles Reintegrationsprogramm',
        'Індивідуальна програма реінтеграції',
      ),
      requires: [{ kind: 'assessment' }],
    },
    {
      id: 'activation',
      title: l(
        'Vocational and social activation',
        'Профессиональная и социальная активизация',
        'Aktywizacja zawodowa i społeczna',
        'Profesinis ir socialinis aktyvinimas',
        'Berufliche und soziale Aktivierung',
        'Професійна та соціальна активізація',
      ),
      requires: [{ kind: 'goal' }, { kind: 'approval', subject: 'plan' }],
    },
    {
      id: 'work-readiness',
      title: l('Ready for employment', 'Готовность к трудоустройству', 'Gotowość do zatrudnienia', 'Pasirengimas įsidarbinti', 'Bereit für den Arbeitsmarkt', 'Готовність до працевлаштування'),
      requires: [{ kind: 'goal', domain: 'work-readiness' }],
    },
    {
      id: 'employment-transition',
      title: l('Moving into work', 'Переход к работе', 'Wejście na rynek pracy', 'Perėjimas į darbą', 'Übergang in Arbeit', 'Перехід до роботи'),
      requires: [{ kind: 'job-held' }],
      reviewCadenceDays: 14,
    },
    {
      id: 'follow-up',
      title: l('Follow-up', 'Постсопровождение', 'Monitoring po zakończeniu', 'Tolesnė pagalba', 'Nachbetreuung', 'Подальший супровід'),
      reviewCadenceDays: 90,
    },
  ],
  transitions: [
    { from: 'recruitment', to: 'diagnosis' },
    { from: 'diagnosis', to: 'individual-programme' },
    { from: 'individual-programme', to: 'activation' },
    { from: 'activation', to: 'work-readiness' },
    { from: 'activation', to: 'individual-programme' },
    { from: 'work-readiness', to: 'activation' },
    { from: 'work-readiness', to: 'employment-transition' },
    { from: 'employment-transition', to: 'follow-up', requires: [{ kind: 'job-held' }] },
    { from: 'employment-transition', to: 'work-readiness' },
    { from: 'follow-up', to: 'work-readiness' },
  ],
  outcomes: [
    {
      id: 'employed',
      title: l('Employed', 'Трудоустроен', 'Zatrudniony', 'Įsidarbino', 'In Arbeit', 'Працевлаштований'),
      requires: [{ kind: 'job-held' }],
    },
    {
      id: 'programme-completed',
      title: l('Completed the programme', 'Завершил программу', 'Ukończył program', 'Baigė programą', 'Programm abgeschlossen', 'Завершив програму'),
    },
    commonOutcomes.withdrew,
    commonOutcomes.transferred,
  ],
  reviewCadenceDays: 30,
  closureRequiresApproval: true,
} satisfies PlanTemplate;

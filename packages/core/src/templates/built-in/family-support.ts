import type { PlanTemplate } from '../../schemas/plan-template.schema.js';
import { commonOutcomes, l } from './localized.js';

/**
 * Support for foster and adoptive families (seed 003, Lithuania with a German partner): each
 * member's needs are assessed, and the family takes part in planning, delivering and
 * evaluating its services: the plan needs the family's own assessment and a supervisor's
 * approval, and evaluation needs the family's view again.
 */
export const familySupport = {
  id: 'family-support',
  version: 1,
  title: l(
    'Foster and adoptive family support',
    'Поддержка замещающих семей',
    'Wsparcie rodzin zastępczych i adopcyjnych',
    'Globėjų ir įtėvių šeimų palaikymas',
    'Unterstützung von Pflege- und Adoptivfamilien',
    'Підтримка прийомних сімей',
  ),
  roles: ['coordinator', 'social-worker', 'psychologist', 'assistant', 'supervisor', 'client'],
  goalDomains: [
    { id: 'child-wellbeing', title: l('Child’s wellbeing', 'Благополучие ребёнка', 'Dobro dziecka', 'Vaiko gerovė', 'Wohl des Kindes', 'Благополуччя дитини') },
    { id: 'parenting', title: l('Parenting', 'Воспитание', 'Rodzicielstwo', 'Tėvystė', 'Erziehung', 'Виховання') },
    { id: 'family-relations', title: l('Family relations', 'Отношения в семье', 'Relacje w rodzinie', 'Santykiai šeimoje', 'Beziehungen in der Familie', 'Стосунки в родині') },
    { id: 'health', title: l('Health', 'Здоровье', 'Zdrowie', 'Sveikata', 'Gesundheit', 'Здоров’я') },
    { id: 'education', title: l('School and learning', 'Учёба', 'Szkoła i nauka', 'Mokykla ir mokymasis', 'Schule und Lernen', 'Навчання') },
    { id: 'support-network', title: l('Support network', 'Круг поддержки', 'Sieć wsparcia', 'Pagalbos tinklas', 'Unterstützungsnetz', 'Коло підтримки') },
  ],
  initialStage: 'referral',
  stages: [
    { id: 'referral', title: l('Referral received', 'Получено направление', 'Otrzymano skierowanie', 'Gautas siuntimas', 'Anfrage eingegangen', 'Отримано направлення') },
    {
      id: 'family-assessment',
      title: l('Assessing each member’s needs', 'Оценка потребностей каждого члена семьи', 'Ocena potrzeb każdego członka rodziny', 'Kiekvieno šeimos nario poreikių vertinimas', 'Bedarf jedes Familienmitglieds erheben', 'Оцінка потреб кожного члена родини'),
      requires: [{ kind: 'consent', purpose: 'service' }],
    },
    {
      id: 'service-planning',
      title: l('Planning with the family', 'Планирование вместе с семьёй', 'Planowanie razem z rodziną', 'Planavimas kartu su šeima', 'Planung mit der Familie', 'Планування разом із родиною'),
      requires: [
        { kind: 'assessment', respondent: 'self' },
        { kind: 'assessment', respondent: 'staff' },
      ],
    },
    {
      id: 'delivery',
      title: l('Services under way', 'Оказание услуг', 'Realizacja usług', 'Paslaugų teikimas', 'Leistungen laufen', 'Надання послуг'),
      requires: [{ kind: 'goal' }, { kind: 'approval', subject: 'plan' }],
    },
    {
      id: 'evaluation',
      title: l('Evaluating together', 'Совместная оценка результатов', 'Wspólna ocena', 'Bendras įvertinimas', 'Gemeinsame Auswertung', 'Спільна оцінка результатів'),
      requires: [{ kind: 'assessment', respondent: 'self' }],
    },
    {
      id: 'follow-up',
      title: l('Follow-up', 'Последующее сопровождение', 'Dalsze wsparcie', 'Tolesnė pagalba', 'Nachbetreuung', 'Подальший супровід'),
      reviewCadenceDays: 90,
    },
  ],
  transitions: [
    { from: 'referral', to: 'family-assessment' },
    { from: 'family-assessment', to: 'service-planning' },
    { from: 'service-planning', to: 'delivery' },
    { from: 'delivery', to: 'evaluation' },
    { from: 'evaluation', to: 'service-planning' },
    { from: 'evaluation', to: 'follow-up' },
    { from: 'follow-up', to: 'family-assessment' },
  ],
  outcomes: [
    {
      id: 'goals-achieved',
      title: l('The family’s goals are met', 'Цели семьи достигнуты', 'Cele rodziny osiągnięte', 'Šeimos tikslai pasiekti', 'Ziele der Familie erreicht', 'Цілі родини досягнуто'),
    },
    commonOutcomes.withdrew,
    commonOutcomes.transferred,
  ],
  reviewCadenceDays: 30,
  closureRequiresApproval: true,
  activities: [
    {
      id: 'plan-review-with-family',
      title: l(
        'Review the plan with the family',
        'Обсудить план с семьёй',
        'Omówić plan z rodziną',
        'Aptarti planą su šeima',
        'Plan mit der Familie besprechen',
        'Обговорити план із родиною',
      ),
      anchor: 'stage.enter',
      stage: 'delivery',
      offsetDays: 30,
      role: 'social-worker',
    },
  ],
} satisfies PlanTemplate;

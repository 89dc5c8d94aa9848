import type { PlanTemplate } from '../../schemas/plan-template.schema.js';
import { commonOutcomes, l } from './localized.js';

/**
 * A sheltered or creative workshop (seed 000): rehabilitation through production or creative
 * work whose products are sold at fairs. Some people move on to supported employment; others
 * stay for years, and long-term participation is a legitimate place to be, not a failure.
 */
export const shelteredWorkshop = {
  id: 'sheltered-workshop',
  version: 1,
  title: l(
    'Sheltered or creative workshop',
    'Творческая или производственная мастерская',
    'Warsztat terapii zajęciowej lub pracownia twórcza',
    'Užimtumo ar kūrybinės dirbtuvės',
    'Werkstatt oder kreatives Atelier',
    'Творча або виробнича майстерня',
  ),
  roles: ['coordinator', 'psychologist', 'vocational-counsellor', 'assistant', 'supervisor', 'client'],
  goalDomains: [
    { id: 'craft-skills', title: l('Craft and work skills', 'Рабочие навыки', 'Umiejętności pracy', 'Darbo įgūdžiai', 'Handwerkliche Fähigkeiten', 'Робочі навички') },
    { id: 'self-expression', title: l('Self-expression', 'Самовыражение', 'Wyrażanie siebie', 'Saviraiška', 'Selbstausdruck', 'Самовираження') },
    { id: 'teamwork', title: l('Working with others', 'Работа в команде', 'Praca w zespole', 'Darbas komandoje', 'Zusammenarbeit', 'Робота в команді') },
    { id: 'daily-routine', title: l('Daily routine', 'Распорядок дня', 'Rytm dnia', 'Dienos režimas', 'Tagesstruktur', 'Розпорядок дня') },
    { id: 'employment', title: l('Work', 'Работа', 'Praca', 'Darbas', 'Arbeit', 'Робота') },
  ],
  initialStage: 'induction',
  stages: [
    { id: 'induction', title: l('Getting to know the workshop', 'Знакомство с мастерской', 'Poznanie warsztatu', 'Susipažinimas su dirbtuvėmis', 'Die Werkstatt kennenlernen', 'Знайомство з майстернею') },
    {
      id: 'skills-training',
      title: l('Learning the work', 'Обучение', 'Nauka pracy', 'Darbo mokymasis', 'Die Arbeit lernen', 'Навчання'),
      requires: [{ kind: 'consent', purpose: 'service' }],
    },
    {
      id: 'production',
      title: l('Production or creative work', 'Производство и творчество', 'Praca wytwórcza lub twórcza', 'Gamyba ar kūryba', 'Produktion oder kreative Arbeit', 'Виробництво і творчість'),
      requires: [{ kind: 'goal' }],
    },
    {
      id: 'transition-preparation',
      title: l(
        'Preparing for open employment',
        'Подготовка к работе на открытом рынке',
        'Przygotowanie do pracy na otwartym rynku',
        'Pasiruošimas darbui atviroje rinkoje',
        'Vorbereitung auf den allgemeinen Arbeitsmarkt',
        'Підготовка до роботи на відкритому ринку',
      ),
      requires: [{ kind: 'assessment' }, { kind: 'goal', domain: 'employment' }],
    },
    {
      id: 'long-term',
      title: l('Long-term participation', 'Долгосрочное участие', 'Udział długoterminowy', 'Ilgalaikis dalyvavimas', 'Dauerhafte Teilnahme', 'Довгострокова участь'),
      reviewCadenceDays: 180,
    },
  ],
  transitions: [
    { from: 'induction', to: 'skills-training' },
    { from: 'skills-training', to: 'production' },
    { from: 'production', to: 'transition-preparation' },
    { from: 'production', to: 'long-term' },
    { from: 'transition-preparation', to: 'production' },
    { from: 'long-term', to: 'production' },
    { from: 'long-term', to: 'transition-preparation' },
  ],
  outcomes: [
    {
      id: 'supported-employment',
      title: l(
        'Moved on to supported employment',
        'Перешёл в сопровождаемое трудоустройство',
        'Przejście do zatrudnienia wspomaganego',
        'Perėjo į įdarbinimą su pagalba',
        'In unterstützte Beschäftigung gewechselt',
        'Перейшов до супроводжуваного працевлаштування',
      ),
    },
    {
      id: 'open-employment',
      title: l('Found a job on the open market', 'Устроился на открытом рынке', 'Praca na otwartym rynku', 'Įsidarbino atviroje rinkoje', 'Arbeit auf dem allgemeinen Arbeitsmarkt', 'Працевлаштувався на відкритому ринку'),
      requires: [{ kind: 'job-held' }],
    },
    commonOutcomes.withdrew,
    commonOutcomes.transferred,
  ],
  reviewCadenceDays: 90,
} satisfies PlanTemplate;

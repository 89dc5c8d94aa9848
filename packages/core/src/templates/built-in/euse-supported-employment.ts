import type { PlanTemplate } from '../../schemas/plan-template.schema.js';
import { commonOutcomes, l } from './localized.js';

/**
 * Supported employment after the EUSE five-stage model (seed 002, Otwarte Drzwi; seed 000):
 * engagement, vocational profiling, job finding, employer engagement, on/off-the-job support.
 * A job coach's support fades into ongoing follow-along support; a person who loses a job goes
 * back to job finding (readaptation) at any time.
 */
export const euseSupportedEmployment = {
  id: 'euse-supported-employment',
  version: 1,
  title: l(
    'Supported employment (EUSE five stages)',
    'Сопровождаемое трудоустройство (пять этапов EUSE)',
    'Zatrudnienie wspomagane (pięć etapów EUSE)',
    'Įdarbinimas su pagalba (penki EUSE etapai)',
    'Unterstützte Beschäftigung (fünf Phasen nach EUSE)',
    'Супроводжуване працевлаштування (п’ять етапів EUSE)',
  ),
  roles: ['coordinator', 'vocational-counsellor', 'job-coach', 'psychologist', 'supervisor', 'client'],
  goalDomains: [
    { id: 'employment', title: l('Work', 'Работа', 'Praca', 'Darbas', 'Arbeit', 'Робота') },
    { id: 'skills', title: l('Skills', 'Навыки', 'Umiejętności', 'Įgūdžiai', 'Fähigkeiten', 'Навички') },
    {
      id: 'independence',
      title: l('Independence', 'Самостоятельность', 'Samodzielność', 'Savarankiškumas', 'Selbstständigkeit', 'Самостійність'),
    },
    { id: 'health', title: l('Health', 'Здоровье', 'Zdrowie', 'Sveikata', 'Gesundheit', 'Здоров’я') },
    {
      id: 'social',
      title: l('Social life', 'Общение', 'Relacje społeczne', 'Socialiniai ryšiai', 'Soziales Leben', 'Спілкування'),
    },
  ],
  initialStage: 'engagement',
  stages: [
    {
      id: 'engagement',
      title: l('Client engagement', 'Вовлечение клиента', 'Zaangażowanie klienta', 'Kliento įtraukimas', 'Einbindung der Person', 'Залучення клієнта'),
    },
    {
      id: 'vocational-profiling',
      title: l(
        'Vocational profiling',
        'Профессиональное профилирование',
        'Profilowanie zawodowe',
        'Profesinis profiliavimas',
        'Berufliches Profil',
        'Професійне профілювання',
      ),
      requires: [{ kind: 'consent', purpose: 'service' }],
    },
    {
      id: 'job-finding',
      title: l('Job finding', 'Поиск работы', 'Poszukiwanie pracy', 'Darbo paieška', 'Arbeitsplatzsuche', 'Пошук роботи'),
      requires: [
        { kind: 'assessment', instrumentId: 'vocational-profile' },
        { kind: 'goal', domain: 'employment' },
      ],
    },
    {
      id: 'employer-engagement',
      title: l(
        'Employer engagement',
        'Работа с работодателем',
        'Współpraca z pracodawcą',
        'Darbdavio įtraukimas',
        'Einbindung des Arbeitgebers',
        'Робота з роботодавцем',
      ),
      requires: [{ kind: 'consent', purpose: 'employer-contact' }],
    },
    {
      id: 'on-job-support',
      title: l(
        'On- and off-the-job support',
        'Сопровождение на рабочем месте',
        'Wsparcie w pracy i poza nią',
        'Pagalba darbe ir už jo ribų',
        'Begleitung am und neben dem Arbeitsplatz',
        'Супровід на робочому місці',
      ),
      requires: [{ kind: 'job-held' }, { kind: 'role-assigned', role: 'job-coach' }],
      reviewCadenceDays: 14,
    },
    {
      id: 'follow-along',
      title: l(
        'Ongoing support after fading',
        'Поддерживающее сопровождение',
        'Wsparcie podtrzymujące',
        'Tęstinė pagalba',
        'Nachbetreuung',
        'Підтримувальний супровід',
      ),
      requires: [{ kind: 'job-held' }],
      reviewCadenceDays: 90,
    },
  ],
  transitions: [
    { from: 'engagement', to: 'vocational-profiling' },
    { from: 'vocational-profiling', to: 'job-finding' },
    { from: 'job-finding', to: 'vocational-profiling' },
    { from: 'job-finding', to: 'employer-engagement' },
    { from: 'job-finding', to: 'on-job-support' },
    { from: 'employer-engagement', to: 'job-finding' },
    { from: 'employer-engagement', to: 'on-job-support' },
    { from: 'on-job-support', to: 'follow-along' },
    { from: 'follow-along', to: 'on-job-support' },
    // Readaptation: after a job loss the person goes back to job finding, as often as needed.
    { from: 'on-job-support', to: 'job-finding' },
    { from: 'follow-along', to: 'job-finding' },
  ],
  outcomes: [
    {
      id: 'employed',
      title: l(
        'Employed, support no longer needed',
        'Трудоустроен, сопровождение больше не нужно',
        'Zatrudniony, wsparcie niepotrzebne',
        'Dirba, pagalbos nebereikia',
        'Beschäftigt, keine Begleitung mehr nötig',
        'Працевлаштований, супровід більше не потрібен',
      ),
      requires: [{ kind: 'job-held' }],
    },
    {
      id: 'education',
      title: l(
        'Moved on to education or training',
        'Перешёл к обучению',
        'Podjął naukę lub szkolenie',
        'Pradėjo mokytis',
        'In Ausbildung oder Schulung gewechselt',
        'Перейшов до навчання',
      ),
    },
    commonOutcomes.withdrew,
    commonOutcomes.transferred,
    commonOutcomes.lostContact,
  ],
  reviewCadenceDays: 30,
  activities: [
    {
      id: 'first-week-check',
      title: l(
        'Call after the first week at work',
        'Звонок после первой недели на работе',
        'Telefon po pierwszym tygodniu pracy',
        'Skambutis po pirmos darbo savaitės',
        'Anruf nach der ersten Arbeitswoche',
        'Дзвінок після першого тижня на роботі',
      ),
      anchor: 'job.start',
      offsetDays: 7,
      role: 'job-coach',
    },
    {
      id: 'retention-check',
      title: l(
        'One year at work: check in',
        'Год на работе: связаться',
        'Rok w pracy: kontakt',
        'Metai darbe: susisiekti',
        'Ein Jahr im Job: nachfragen',
        'Рік на роботі: зв’язатися',
      ),
      anchor: 'job.start',
      offsetDays: 365,
      role: 'coordinator',
    },
  ],
} satisfies PlanTemplate;

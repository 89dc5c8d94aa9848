// Minified + gzipped size of what a page loads from the cdn/ bundle: the autoloader plus each
// component's chunk graph (static imports followed), and everything together.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cdn = resolve(dirname(fileURLToPath(import.meta.url)), '../cdn');

function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  const deps = new Set();
  // Minified ESM: import{…}from"./x.js" and import"./x.js" (dynamic import(...) is not followed).
  for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[^'"()]*?from\s*)?["']([^"']+)["']/g)) deps.add(resolve(dirname(file), m[1]));
  for (const m of code.matchAll(/export\s*\{[^}]*\}\s*from\s*["']([^"']+)["']/g)) deps.add(resolve(dirname(file), m[1]));
  return [...deps];
}

function graph(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const dep of staticImports(entry)) graph(dep, seen);
  return seen;
}

const gz = (files) => [...files].reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);

export function bundleSizes() {
  if (!existsSync(cdn)) throw new Error('No cdn/ build: run pnpm build first');
  const autoloader = join(cdn, 'casepath-autoloader.js');
  const loader = graph(autoloader);
  const components = readdirSync(join(cdn, 'chunks')).filter((f) => /^cp-[a-z-]+-[\w-]+\.js$/.test(f));
  const largest = (xs) => xs.reduce((m, x) => (x.bytes > m.bytes ? x : m), { f: '', bytes: 0 });
  // Built-in templates load on demand, each when a case of it is first shown or opened; a page
  // of one service needs one, so the budgets count the largest on top.
  const templates = readdirSync(join(cdn, 'chunks'))
    .filter((f) => /^(euse-supported-employment|sheltered-workshop|social-adaptation|social-reintegration|family-support)-[\w-]{8}\.js$/.test(f))
    .map((f) => ({ f, bytes: gz(graph(join(cdn, 'chunks', f))) }));
  const template = largest(templates);
  const withTemplate = (files) => (template.f ? graph(join(cdn, 'chunks', template.f), files) : files);
  const rows = components.map((f) => {
    const tag = f.replace(/-[\w-]{8}\.js$/, '');
    const files = graph(join(cdn, 'chunks', f), new Set(loader));
    // The intake opens a case of a template: it cannot work without one.
    return { what: `autoloader + <${tag}>`, bytes: gz(tag === 'cp-intake-form' ? withTemplate(files) : files) };
  });
  const all = new Set(loader);
  for (const f of components) graph(join(cdn, 'chunks', f), all);
  rows.push({ what: 'autoloader + every component', bytes: gz(all) });
  // Languages other than English and the built-in instruments load on demand; a page needs one
  // language and usually one instrument, so the budget counts the largest of each on top.
  const chunk = (re) => readdirSync(join(cdn, 'chunks')).filter((f) => re.test(f)).map((f) => ({ f, bytes: gz([join(cdn, 'chunks', f)]) }));
  const languages = chunk(/^(ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  // The staff widgets' words load on demand in every language, English too; a staff page needs one.
  const staffWords = chunk(/^staff-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const consentWords = chunk(/^consent-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const workspaceWords = chunk(/^workspace-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const chartWords = chunk(/^chart-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const handOverWords = chunk(/^hand-over-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const firstContactWords = chunk(/^first-contact-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const inboxWords = chunk(/^intake-inbox-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const accountsWords = chunk(/^staff-accounts-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const indicatorsWords = chunk(/^indicators-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const lifecycleWords = chunk(/^lifecycle-words-(en|ru|pl|lt|de|uk)-[\w-]{8}\.js$/);
  const instruments = chunk(/^(vocational-profile|employment-readiness|social-adaptation-needs|family-needs|workshop-participation)-[\w-]{8}\.js$/);
  for (const { f, bytes } of [...languages, ...staffWords, ...consentWords, ...workspaceWords, ...chartWords, ...handOverWords, ...firstContactWords, ...inboxWords, ...accountsWords, ...indicatorsWords, ...lifecycleWords, ...instruments, ...templates]) rows.push({ what: `  on demand: ${f.replace(/-[\w-]{8}\.js$/, '')}`, bytes });
  const lang = largest(languages);
  const ins = largest(instruments);
  const words = largest(staffWords);
  const page = new Set(all);
  if (lang.f) graph(join(cdn, 'chunks', lang.f), page);
  if (ins.f) graph(join(cdn, 'chunks', ins.f), page);
  if (words.f) graph(join(cdn, 'chunks', words.f), page);
  const consent = largest(consentWords);
  if (consent.f) graph(join(cdn, 'chunks', consent.f), page);
  const workspace = largest(workspaceWords);
  if (workspace.f) graph(join(cdn, 'chunks', workspace.f), page);
  const charts = largest(chartWords);
  if (charts.f) graph(join(cdn, 'chunks', charts.f), page);
  const handOver = largest(handOverWords);
  if (handOver.f) graph(join(cdn, 'chunks', handOver.f), page);
  for (const bundle of [firstContactWords, inboxWords, accountsWords, indicatorsWords, lifecycleWords]) {
    const w = largest(bundle);
    if (w.f) graph(join(cdn, 'chunks', w.f), page);
  }
  // A page signed in to a server seals the device's records: the cipher loads then, before any record is read.
  const sealing = chunk(/^device-key-crypto-[\w-]{8}\.js$/);
  for (const { f, bytes } of sealing) rows.push({ what: `  on demand: ${f.replace(/-[\w-]{8}\.js$/, '')}`, bytes });
  for (const { f } of sealing) graph(join(cdn, 'chunks', f), page);
  withTemplate(page);
  rows.push({ what: 'every component + 1 language + its words + 1 instrument + 1 template', bytes: gz(page) });
  // What a staff member's page usually loads: the caseload and one case's workspace (plan, goals,
  // support log, work, reviews, assessment, sync), with one language, its staff and workspace
  // words, one instrument and one template. The occasional parts (team, referrals, closing,
  // hand-over) load when opened; "every component" counts them.
  const staff = new Set(loader);
  for (const f of components.filter((c) => STAFF_SET.test(c))) graph(join(cdn, 'chunks', f), staff);
  for (const extra of [lang, ins, words, workspace, ...sealing]) if (extra.f) graph(join(cdn, 'chunks', extra.f), staff);
  withTemplate(staff);
  rows.push({ what: STAFF_ROW, bytes: gz(staff) });
  rows.unshift({ what: 'autoloader alone', bytes: gz(loader) });
  return rows;
}

/**
 * Budgets (issue "The staff workspace"): the public intake alone stays small for NGO sites; a
 * staff member's usual set and the whole set have their own ceilings as components are added.
 */
const STAFF_SET = /^cp-(caseload|support-plan|goals|support-log|employment|review|needs-assessment|sync)-/;
const STAFF_ROW = 'staff set: caseload + one case\'s workspace + sync';

export const BUDGETS = {
  // 45 KB until core gave each refusal its reason as data (a code and what the sentence names,
  // 1.0 KB in the rules every page that records carries), so that staff pages say it in words.
  // 46 KB until typing not saved was written in the turn a page is hidden or left, committed at
  // once, so that a reload or a closed tab keeps it (8 bytes over: the store's write for that
  // moment, in the storage chunk this page shares). 46.1 KB until the intake's own draft was
  // written in that turn too, not 300 ms after the last key (0.13 KB: its listeners for the page
  // hidden or left, and the write). 46.2 KB until a finished assessment waited for its draft's
  // writes before deleting the draft, and said when answers changed while it was recorded (0.07 KB:
  // the English sentence, in the words every page carries), and a submitted intake waited for its
  // own (0.05 KB). 46.3 KB until the intake's reset() deleted its draft on the device too, so that
  // the next person on a shared device does not get the last one's answers back (0.01 KB). 46.4 KB
  // until the store applied a key's draft writes and deletes in the order asked, so that a deleted
  // draft no longer came back, an older autosave no longer overwrote what the page wrote as it was
  // hidden, and a draft write on its way no longer outlived its case's erasure (0.28 KB: the
  // latest operation asked at each key, in the storage chunk this page shares). 46.6 KB until the
  // form held what Start was pressed with until the case was open, so that a consent taken back
  // meanwhile was no longer granted in the case while the form showed it not given (0.16 KB: the
  // guard, and "Opening your case…" in the words every page carries). 46.8 KB until the store kept
  // no draft of a case that left the device (erased, here or in another tab, or revoked), so that a
  // tab still showing it no longer wrote back what the erasure took (0.23 KB: the cases told gone
  // and their drafts deleted again, in the storage chunk this page shares, and the questionnaire's
  // sentence in the words every page carries). 47.1 KB until the form sent or cleared in one tab was
  // emptied in the others, so that one person's answers are not sent twice, nor left on screen for
  // the next person (0.1 KB).
  'autoloader + <cp-intake-form>': 47.2 * 1024,
  // The public request for help, on an NGO's own site: as small as the intake. 46 KB until a
  // value's own full stop ended a sentence (a date's "р.", in the words every page carries; it
  // was 2 bytes over); 46.5 KB until a staff widget on a page with a server recorded nothing
  // before a worker signed in, instead of recording as its `actor-id` (0.1 KB: one sentence in
  // each language in those words, and finding the page's <cp-sync>), and widgets hid what they
  // show while the device's records are locked (0.1 KB: one sentence in each language, the notice);
  // 47 KB until what a worker typed and had not saved came back after a lock (0.2 KB: the hooks in
  // what every widget shares; the code that reads and puts back the fields loads only once records
  // were opened on the page, so public pages never fetch it); 47.2 KB until what was typed for one
  // case stayed with that case when a widget moved to another, and leaving a page with words not
  // saved asked first (43 bytes over: where typing belongs and whether words wait, in what every
  // widget shares; keeping and putting back the fields is in their own code, never on this page);
  // 47.3 KB until core's event schema refused ids with control characters or half of a surrogate
  // pair, which PostgreSQL refuses or changes (56 bytes: the rule and its words, in the storage
  // chunk this page shares); 47.4 KB until what a worker typed went to disk, sealed, as the records
  // lock, so that it outlives a tab ended while they are locked (0.2 KB: the store's hook at a lock,
  // which seals the drafts then and writes them after, in the storage chunk this page shares, and
  // its registration in what every widget shares); 47.6 KB until typing not saved was written in
  // the turn a page is hidden or left, committed at once, so that a reload or a closed tab keeps it
  // (0.1 KB: the store's write for that moment, in the storage chunk this page shares); 47.7 KB
  // until that write sealed every draft before its transaction, so that one it cannot seal leaves
  // nothing half written (2 bytes over); 47.8 KB until the widgets' one listener for a page hidden
  // or left moved into what every widget shares, as three widgets now write what was typed then
  // (0.09 KB here, where nothing typed is kept before Send; 0.14 KB less for every component);
  // 47.9 KB until the store applied a key's draft writes and deletes in the order asked (0.28 KB,
  // as for the intake above, in the storage chunk this page shares); 48.2 KB until the form held
  // what Send was pressed with while it is sealed and sent, so that nothing changed meanwhile was
  // left out of the request unsaid (0.11 KB here, with the intake's sentence in the words every
  // page carries); 48.3 KB until the store kept no draft of a case that left the device (0.27 KB,
  // as for the intake above); 48.6 KB until a draft's delete was told to every tab, so that a
  // questionnaire finished in one tab is done in the others (0.04 KB in the storage chunk); 48.7 KB
  // until what is typed was kept in the tab while it is hidden, so that a phone's browser ending a
  // hidden tab does not lose a request being written (0.37 KB: the keeping, its zod check when read
  // back, and a sentence in each language). The sentence saying it is back, shown at the top of
  // the form too, fits (0.05 KB).
  'autoloader + <cp-first-contact>': 49.1 * 1024,
  // 80 KB until records sealed at rest on devices (issue "Trust"): 4.2 KB of AES-GCM and key
  // wrapping loaded on sign-in, and 2.3 KB of sealing in the store and the unlock form; 88 KB
  // until a pull's whole cases were sealed ahead with WebCrypto (0.1 KB, the first pull's
  // sealing several times faster, docs/benchmarks.md 2026-12-02); 88.5 KB until <cp-sync> asked
  // for a second factor's code, set one up when the organisation requires it, and said sync
  // problems in the page's language (1.9 KB: 22 sentences in each language, the largest loaded,
  // and the code that picks them); 90.5 KB until sync told this device's storage failing or full
  // apart from no connection (0.4 KB: two sentences in each language and the code that tells them);
  // 91 KB until <cp-sync> said each change kept for review as the history says it, with the case's
  // reference and who changed the case meanwhile (0.6 KB: the history's sentences became a chunk
  // of their own, shared with the support plan, instead of an event type and an English reason);
  // 91.5 KB until every refusal a person can meet was said in the page's language, with the
  // case's titles and people's names, in the workspace and in <cp-sync>'s list (3.4 KB: 32
  // sentences in each language, the code that fills them, deciding a kept change again on the
  // device, and core's reasons as data); 95 KB until a worker marked a kept change reviewed from
  // <cp-sync>'s list, with what they did, and devices let go of the ones reviewed elsewhere
  // (0.8 KB: the form, six sentences in each language, the request and the replica's part); 96 KB
  // until that review was stored on the device first and sent when the server answers, offline
  // too, and a review someone made first was said (1.0 KB: three sentences in each language,
  // sending a waiting review from the sync cycle, the change's line while it waits); 97 KB until
  // a kept change the case now accepts could be recorded again as it was with one press, and a
  // review marked in one tab was counted in the others (0.6 KB: five sentences in each language,
  // deciding the change again for the signed-in worker, recording it and marking it reviewed;
  // and 0.1 KB more when sync said, while paused, when the server last answered); 97.5 KB until
  // the focus went to what was said after a press under a kept change, instead of falling to the
  // page's start with the button or field that left (0.1 KB); 98 KB until a device took a new
  // role from its pull and dropped a teammate's kept change with a case taken away (0.1 KB);
  // 98.5 KB until a sign-in refused by way of the organisation's identity provider was said on the
  // page it came back to (0.4 KB: two sentences in each language, reading and taking the code
  // out of the address, the English of the four refusals for the client's own status); 99 KB
  // until a sign-in that came back from the identity provider too late was said there as well
  // (0.1 KB: one sentence in each language and its English); "Sign out" asking first while
  // changes still wait to be sent (0.3 KB), and an identity provider that does not answer said
  // the same way (0.1 KB), fit in it; 99.5 KB until a push or pull answered after its session
  // stopped was no longer taken for the new session's (a count of sessions, checked at each
  // answer) and "Sign out" on a locked device asked first too (together 0.1 KB); 100 KB until
  // refusals only a server decides (another provider's worker put on a team, a change in a role
  // not held then, health answers not declared, a concurrent change not yet named) and an
  // analyst's or administrator's sign-in on a staff device were said in the page's language, and
  // the team offered only who may work on the case (0.5 KB, mostly words in each language);
  // 100.5 KB until a worker could change their password in <cp-sync> and a device sealed with a
  // forgotten previous password could start over (0.9 KB: a form, a button and six sentences in
  // each language); 101.5 KB until the server's refusals were said in the page's words, not the
  // browser's (four clauses in the staff words), and a device's lock could tell a worker taking
  // the device back from a person it was handed to while offline (the store's check of a
  // passphrase): together 0.1 KB; 102 KB until the template minifier kept the source's spaces
  // (0.1 KB, as below) and a late answer asked where the focus is before moving it; 102.5 KB until
  // what the widgets show left the screen when the device's records were locked (signing out,
  // "Lock this device") and was read again before it came back (0.3 KB: one sentence in each
  // language, the notice, and each widget's read again), and staff widgets waited for a sign-in
  // on a page with a server (0.1 KB, as below); 103 KB until "Sign out" moved the focus to the
  // sign-in form, and the unlock and the password change named the worker's account, hidden, for
  // password managers (0.3 KB: the field, and the e-mail in the signed-in worker), and the plan
  // offered no move before a worker signed in on a page with a server (0.1 KB, a sentence in each
  // language); 103.5 KB until what a worker typed and had not saved came back after a lock (0.2 KB:
  // the hooks in what every widget shares; reading and putting back the fields is a chunk loaded
  // once records were opened) and a page left unused locked by itself (0.4 KB: watching for use
  // across tabs, a sentence in each language); 104 KB until a session the server ended locked the
  // records too, except in a tab handed over to a person, whose view stays until the take-back
  // (0.2 KB: asking whether the tab is handed over, in the sync code); 104.5 KB until what was typed
  // for one case stayed with it when the workspace moved to another case, instead of being saved
  // on the other person's, and leaving the page with words not saved asked first (1.1 KB: keeping
  // and putting back the fields now comes with the case widgets, since a move to another case
  // needs it at once, and keeps typing by case; emptying each form's own state; drawing each
  // case's view anew with lit's keyed, 0.2 KB); 106 KB until a goal's, a job's or a referral's own
  // form stayed open with its case, and a save still being written when the worker opened another
  // case (or locked the device) ended there: said on its own case, its typing dropped once saved
  // or given back with why if not, instead of coming back as unsaved or saying "Saved" under the
  // next person’s name, and a read of the case before that came back late showed nothing (0.8 KB:
  // the open forms and refusals by case, holding back a save’s fields, counting reads); 106.5 KB
  // until what was typed and not saved went into the store's sealed drafts when the page was hidden
  // (a phone's browser ends hidden tabs without a word) and came back to the same worker after a
  // reload (0.8 KB: writing and reading it by case, who typed it, read back with zod); 107.5 KB
  // until a change the device kept in memory and then could not make (the case changed in another
  // tab meanwhile) gave its typing back into its fields, on its own case, on disk while the page is
  // hidden, and said its words where the case no longer offers the form, as a form does that goes
  // while it is typed in because its case was paused or closed, or its goal or job ended, elsewhere
  // (0.6 KB: keeping each kept change's typing by its first event's id, merging it under what was
  // typed anew, the words before and after a change of the case is drawn, and those of a save
  // refused once its form went, two sentences); 108.5 KB until what was typed went to disk, sealed,
  // as the records lock, so that it outlives a tab ended while they are locked, but at a sign-out
  // (0.3 KB: what to keep is taken from the forms while the key is here, sealed, and written once
  // the records are locked); 108.6 KB until each worker's typing on disk was kept under a key of
  // their own, so that another worker opening the case on that device no longer deletes it (0.05 KB,
  // with moving a draft kept under the case alone by an earlier version to its worker's key);
  // 108.7 KB until typing that comes back from disk is said in the case's status line (0.1 KB: the
  // sentence in each language, said once the fields are drawn); 108.8 KB until a sign-in kept off a
  // device by another worker's waiting work names whose password opens it (0.05 KB: the directory
  // asked while the session lasts, and the sentence in the page's language); 108.9 KB until typing
  // not saved was written in the turn a page is hidden or left, committed at once, so that a reload
  // or a closed tab keeps it (0.13 KB: the store's write for that moment, and a write waiting its
  // turn left unmade once a later one was made at once); 109.1 KB until what a save is made from
  // went to disk with the ids of its events before the save's own transaction, and came back only
  // if none of them was recorded, so that a reload the moment Save is pressed loses nothing (0.17
  // KB: the draft's part for the save, read back against the case's events); 109.3 KB until the
  // store's drafts were written in a transaction committed at once, after a read of the key of its
  // own, so that none holds the drafts while a page ends, and a saved note was no longer kept as
  // typing while its case was read again, before its field was emptied (0.08 KB); 109.4 KB until an
  // assessment's typed answer (a text, a number) went to its draft as it was typed, a moment after
  // the last key or as the page is hidden or left, instead of only when its field was left, which a
  // reload or a closed tab never does (0.45 KB: the answers held while typed, written under the
  // draft they were typed for); 109.8 KB until a finished assessment waited for its draft's writes
  // before deleting the draft, so that a write landing after the delete no longer brought the
  // finished answers back, and kept the draft and said so when answers changed while it was
  // recorded (0.24 KB: the count of changes per draft, and the sentence in each language); 110 KB
  // until the store applied a key's draft writes and deletes in the order asked (0.28 KB, as for the
  // intake above); 110.3 KB until the same questionnaire open in two tabs kept both tabs' answers,
  // merged answer by answer by when each was given or cleared (0.27 KB); 110.6 KB until the store
  // kept no draft of a case that left the device, and the questionnaire of such a case dropped its
  // answers and said so (0.53 KB: the store's part as for the intake above, the questionnaire's
  // part and its sentence in each language); 111.1 KB until a questionnaire finished in one tab was
  // done in the others, instead of writing its answers back as one to fill in (0.13 KB). 111.3 KB
  // until the caseload, on a phone, put the review beside the case, said that its table scrolls
  // sideways and let the keyboard scroll it, and marked "(yours)" only among others' cases (about
  // 0.5 KB: the table's watch, shared with the accounts' and the access log's tables, and two
  // sentences in each language); 111.9 KB until those tables' styles were one module, not three
  // copies (7 bytes over: the module's own export). 112 KB until the workspace's date fields wrote
  // out beneath them the day they hold, in the page's language, since the browser shows the field
  // in its own locale's order and a day and month read the wrong way round would date a job's
  // start months off (0.37 KB: the words' writer and its listeners, the fields' descriptions).
  // 112.4 KB until a questionnaire's date answers said their day in words too (0.36 KB: the
  // writer moved to a module of its own, which the workspace and the questionnaire share, so that
  // the intake, which has no date field, does not carry it).
  [STAFF_ROW]: 112.8 * 1024,
  // 110 KB until the sealed public intake (issue "Trust") added <cp-first-contact> and
  // <cp-intake-inbox>, 11.6 KB with their sealing and outbox code and words; 125 KB until
  // records sealed at rest on devices added 7.5 KB (as above, and the store's part in every page);
  // 133 KB until a pull's whole cases were sealed ahead with WebCrypto (0.3 KB, as above) and
  // the caseload said that cases are still arriving during a first pull (0.2 KB with its words);
  // 134 KB until the second factor at sign-in and sync problems in the page's language (1.9 KB, as
  // above); 136 KB until sync told this device's storage apart from no connection (0.3 KB, as above);
  // 136.5 KB until <cp-sync> said kept changes in words (0.6 KB, as above); 137 KB until refusals
  // were said in the page's language (3.5 KB, as above); 140.5 KB until kept changes were marked
  // reviewed from <cp-sync> (0.8 KB, as above); 141.5 KB until reviews waited on the device
  // offline (1.0 KB, as above); 142.5 KB until kept changes were recorded again with one press
  // (0.6 KB, as above); 143 KB until a change recorded again took an id made from the kept one,
  // so that two tabs pressed at once make one record (0.3 KB: hashing the id and writing it as a
  // UUID, in the chunk of kept changes); 143.5 KB until devices followed a worker's new role and
  // said an account turned off (0.2 KB: the role taken from a pull, the team's kept changes let
  // go, recording again in the new role, one sentence in each language); 144 KB until a sign-in
  // refused by way of the identity provider was said on the page it came back to (0.5 KB, as above);
  // 144.5 KB until a late sign-in and an identity provider not answering were said there too,
  // and "Sign out" asked first while changes still waited to be sent (0.4 KB, as above); 145 KB
  // until a change kept because someone else changed the case was said in the page's language
  // before their change arrived, and an analyst's or administrator's sign-in on a staff device was
  // refused in words instead of syncing nothing (0.2 KB: two sentences in each language, the roles
  // that work on cases); 145.5 KB until refusals only a server decides were said in the page's
  // language and the team offered only who may work on the case (0.4 KB, as above); 146 KB until
  // a worker could change their password and start a device over after forgetting the previous
  // one (0.9 KB, as above); 147 KB until <cp-staff-accounts>, the administrators' page of staff
  // accounts (sign-in, the list, adding an account, a new password, a second factor taken away,
  // role, centre, turning off, the changes in words), added 7.6 KB: 5.3 KB of code and 2.3 KB of
  // words (the largest language's, loaded on demand like the other components'). No staff page
  // loads it: the staff set is unchanged; 155 KB until the retention chart named providers from
  // the page or the server (0.2 KB, with <cp-sync> reading their names) and the accounts page
  // added centres (0.4 KB: a form, nine sentences in each language); 155.5 KB until it showed each
  // account's e-mail, second factor and lockout (0.2 KB: two columns, five sentences in each language);
  // 156 KB until the erasure, the export, the access log, the inbox and the accounts page said why
  // the server could not be asked in the page's words instead of the browser's (0.1 KB: four
  // clauses in the staff words of each language, the erasure's refusal, one way of asking);
  // 156.5 KB until a worker took a device back with their password confirmed by the server
  // without a new session, or by the device's lock offline (0.1 KB, one sentence in each language);
  // 157 KB until the accounts page asked before turning an account off or taking a second factor
  // away (0.4 KB: the question, its buttons and five sentences in each language) and set up an
  // administrator's own second factor (0.2 KB, with the words <cp-sync> says it in); 157.5 KB
  // until an erasure whose answer was lost was said as not known (one sentence in each language),
  // finished when the pull brings it, and the inbox, after a lost answer, took a request for the
  // same case (0.3 KB together); the charts' and the caseload's tables scrolling in their own region
  // on a phone took 0.2 KB of it; 158 KB until the retention chart drew at a phone's width
  // (readable words instead of a drawing scaled to half), SVG's closing slashes were kept (the
  // charts drew nothing without them), the caseload told the page when its open case left the
  // device, the accounts page said an account whose answer was lost as made, and pages asked who
  // is signed in without a 401 (0.2 KB together); 158.5 KB until the template minifier kept one
  // space where the source has whitespace (0.3 KB, 0.1 of it in the staff set: it had dropped the
  // space that opens a template, so built pages read "OD-2026-11(yours)" and "3 September· 20
  // hours" where the source, and its tests, had the space) and a late answer asked where the
  // focus is before moving it (0.1 KB); 159 KB until a hand-over on a device not sealed with the
  // worker's password asked for a code too, so it comes back without a connection (0.4 KB with its
  // words: before, such a device stayed with the person until the server answered again); 159.5 KB
  // until what the widgets show left the screen when the records were locked (0.3 KB, as above; the
  // wait for a sign-in fit in the space that recording through one helper won); 160 KB until the
  // requests for help and the access log hid on a lock too, and password forms named the account
  // (0.4 KB, as above, and the hand-over keeping the worker's name and account, read back with zod);
  // 160.5 KB until typing came back after a lock and an unused page locked by itself (0.6 KB, as above);
  // 161.5 KB until typing stayed with its case when a widget moved to another, and leaving with words
  // not saved asked first, and each case's view was drawn anew (1.5 KB, as above, and lit's keyed);
  // 163.5 KB until item forms stayed with their case, a save ended on the case it was made on, and
  // late reads of the case before showed nothing (1.0 KB, as above; the access log and the
  // distance chart count their reads too, and an export or erasure ends on its own case); 164 KB
  // until typing not saved was kept on disk while the page was hidden (0.8 KB, as above); 165 KB
  // until a change kept in memory and not made after all gave its typing back, and a form gone
  // elsewhere said its words (0.6 KB, as above); 166 KB until <cp-indicators>, the analysts' page of
  // the organisation’s own indicators (4.6 KB: 2.6 KB of code, the largest language’s words 1.0 KB,
  // and the sign-in it shares with <cp-staff-accounts> in a chunk of its own; no staff page loads
  // it); 170.5 KB until it downloaded its figures as CSV (0.5 KB, with two sentences in each language)
  // and showed an umbrella’s regional figures (0.2 KB, four sentences in each language); 171 KB
  // until a retention figure past everyone's follow-up was said to be not known yet, instead of the
  // last value carried on (0.45 KB: core's rule in the estimates and curves, the chart's line ending
  // with the follow-up, and one sentence each for the chart and the indicators in each language);
  // 171.5 KB until what a worker typed went to disk, sealed, as the records lock (0.35 KB, as above);
  // 171.8 KB until each worker's typing on disk was kept under a key of their own (0.05 KB, as above);
  // 171.9 KB until typing that comes back from disk is said (0.1 KB, as above); 172 KB until a
  // sign-in kept off a device names whose password opens it (0.1 KB, as above); 172.1 KB until
  // typing not saved was written in the turn a page is hidden or left (0.13 KB, as above); 172.3 KB
  // until what a save is made from went to disk before the save (0.17 KB, as above); 172.5 KB until
  // the intake's draft was written as the page is hidden or left (0.13 KB, as above); 172.6 KB
  // until the store's drafts were written in a transaction committed at once, and a saved note was
  // no longer kept as typing before its field was emptied (0.08 KB, as above); 172.7 KB until an
  // assessment's typed answer went to its draft as it was typed (0.45 KB, as above); 173.2 KB until
  // a finished assessment waited for its draft's writes before deleting it (0.24 KB, as above);
  // 173.3 KB until the store applied a key's draft writes and deletes in the order asked (0.28 KB, as above);
  // 173.6 KB until the intake and the first contact held what Start or Send was pressed with (0.2 KB, as above);
  // 173.8 KB until two tabs of one questionnaire merged their answers (0.27 KB, as above);
  // 174.1 KB until a case that left the device kept no drafts (0.53 KB, as above); 174.6 KB until a
  // questionnaire finished in one tab was done in the others (0.13 KB, as above); 174.8 KB until the
  // intake sent or cleared in one tab was emptied in the others (0.1 KB, as above); 174.9 KB until
  // the tables of the caseload, the staff accounts and the access log scrolled in their own region
  // on a phone and said so, and the staff forms' grids kept to the page's width (about 0.9 KB: the
  // caseload's part as above, each table's box and sentence in each language); 175.9 KB until the
  // workspace's date fields wrote out the day they hold (0.29 KB, as above); 176.2 KB until a
  // questionnaire's date answers did too (0.44 KB, as above); 176.7 KB until the indicators' cut-off
  // did too (0.13 KB: its writer and listener, in the indicators' chunk); 176.8 KB until the public
  // request for help kept its typing in a hidden tab (0.52 KB, as above); 177.3 KB until its
  // sentence saying the typing is back was shown at the top of the form (0.05 KB, as above);
  // 177.4 KB until the staff accounts asked before a page with a new account, centre or password
  // typed and not sent went, and the intake inbox with a reference typed for a case not opened
  // (0.22 KB, in their chunks).
  'every component + 1 language + its words + 1 instrument + 1 template': 177.5 * 1024,
};

export { FirstContactForm, FirstContactChoice, CONTACT_WAYS, type ContactWay } from './first-contact-form.schema.js';
export { defaultFirstContactForm } from './default-first-contact-form.js';
export { FirstContact, checkFirstContact, type FirstContactField } from './first-contact.schema.js';
export {
  SealedFirstContact,
  LockedIntakeKey,
  IntakePublicKey,
  IntakeSealError,
  MIN_PASSPHRASE_ITERATIONS,
  MIN_PASSPHRASE_LENGTH,
  createIntakeKey,
  unlockIntakeKey,
  sealFirstContact,
  openFirstContact,
  intakeKeyId,
  type UnlockedIntakeKey,
  type IntakeCryptoKey,
  type IntakeSealProblem,
} from './sealed-intake.js';
export { solveIntakeProof, checkIntakeProof, MAX_INTAKE_DIFFICULTY } from './proof-of-work.js';

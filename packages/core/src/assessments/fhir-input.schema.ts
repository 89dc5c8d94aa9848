import * as z from 'zod/mini';

// The parts of FHIR R4 resources that the importers read, checked before they are read: FHIR
// resources carry many other elements, which pass through untouched (loose objects), but every
// element read must have the type FHIR gives it, so a hostile or broken resource gets a clear
// error with its path instead of crashing the importer.

const str = z.optional(z.string());
const num = z.optional(z.number());
const bool = z.optional(z.boolean());

export const FhirExtensionSchema: z.ZodMiniType<unknown> = z.lazy(() =>
  z.looseObject({
    url: z.string(),
    valueString: str,
    valueCode: str,
    valueBoolean: bool,
    valueDecimal: num,
    valueInteger: num,
    valueCoding: z.optional(FhirCodingSchema),
    _valueString: z.optional(FhirElementSchema),
    extension: z.optional(z.array(FhirExtensionSchema)),
  }),
);
const FhirElementSchema: z.ZodMiniType<unknown> = z.lazy(() => z.looseObject({ extension: z.optional(z.array(FhirExtensionSchema)) }));
const FhirCodingSchema: z.ZodMiniType<unknown> = z.lazy(() =>
  z.looseObject({ system: str, code: str, display: str, _display: z.optional(FhirElementSchema), extension: z.optional(z.array(FhirExtensionSchema)) }),
);

const ItemSchema: z.ZodMiniType<unknown> = z.lazy(() =>
  z.looseObject({
    linkId: z.string(),
    text: str,
    _text: z.optional(FhirElementSchema),
    type: z.string(),
    prefix: str,
    code: z.optional(z.array(FhirCodingSchema)),
    required: bool,
    repeats: bool,
    initial: z.optional(z.array(z.unknown())),
    readOnly: bool,
    maxLength: num,
    enableWhen: z.optional(
      z.array(
        z.looseObject({
          question: z.string(),
          operator: z.string(),
          answerBoolean: bool,
          answerDecimal: num,
          answerInteger: num,
          answerDate: str,
          answerString: str,
          answerCoding: z.optional(FhirCodingSchema),
        }),
      ),
    ),
    enableBehavior: z.optional(z.enum(['all', 'any'])),
    answerOption: z.optional(
      z.array(z.looseObject({ valueCoding: z.optional(FhirCodingSchema), valueString: str, valueInteger: num, valueDate: str, extension: z.optional(z.array(FhirExtensionSchema)) })),
    ),
    answerValueSet: str,
    extension: z.optional(z.array(FhirExtensionSchema)),
    item: z.optional(z.array(ItemSchema)),
  }),
);

const Concept = z.looseObject({ system: str, code: str, display: str, extension: z.optional(z.array(FhirExtensionSchema)) });
export const FhirValueSetSchema = z.looseObject({
  resourceType: z.literal('ValueSet'),
  id: str,
  url: str,
  compose: z.optional(z.looseObject({ include: z.optional(z.array(z.looseObject({ system: str, concept: z.optional(z.array(Concept)) }))) })),
  expansion: z.optional(z.looseObject({ contains: z.optional(z.array(Concept)) })),
});

export const QuestionnaireSchema = z.looseObject({
  resourceType: z.literal('Questionnaire'),
  id: str,
  url: str,
  version: str,
  name: str,
  title: str,
  _title: z.optional(FhirElementSchema),
  description: str,
  _description: z.optional(FhirElementSchema),
  language: str,
  contained: z.optional(z.array(z.union([FhirValueSetSchema, z.looseObject({ resourceType: z.string(), id: str })]))),
  extension: z.optional(z.array(FhirExtensionSchema)),
  item: z.optional(z.array(ItemSchema)),
});

const ResponseItemSchema: z.ZodMiniType<unknown> = z.lazy(() =>
  z.looseObject({
    linkId: z.string(),
    text: str,
    answer: z.optional(
      z.array(
        z.looseObject({
          valueBoolean: bool,
          valueDecimal: num,
          valueInteger: num,
          valueDate: str,
          valueString: str,
          valueCoding: z.optional(FhirCodingSchema),
          item: z.optional(z.array(ResponseItemSchema)),
        }),
      ),
    ),
    item: z.optional(z.array(ResponseItemSchema)),
  }),
);

export const QuestionnaireResponseSchema = z.looseObject({
  resourceType: z.literal('QuestionnaireResponse'),
  authored: str,
  source: z.optional(z.looseObject({ reference: str })),
  extension: z.optional(z.array(FhirExtensionSchema)),
  item: z.optional(z.array(ResponseItemSchema)),
});

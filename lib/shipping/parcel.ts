export const PARCEL_TEMPLATES = ['small', 'medium', 'large'] as const
export type TParcelTemplateName = (typeof PARCEL_TEMPLATES)[number]

/** What a stored event points at: handlers re-fetch the object by id instead of trusting the event body. */
export type EventObjectRef = { eventId: string; type: string; objectId: string }

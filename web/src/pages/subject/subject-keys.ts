/** The react-query key of a subject's profile; mutations answer with the new profile and store it here. */
export const subjectKey = (id: number) => ["subject", id] as const;

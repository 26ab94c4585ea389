/** The event topic of a section's online opening hall (SSE). */
export const openingHallTopic = (sectionId: number) => `opening-hall:${sectionId}`;

/** The event topic of a lot's live auction hall (SSE). */
export const auctionHallTopic = (lotId: number) => `auction-hall:${lotId}`;

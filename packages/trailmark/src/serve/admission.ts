import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommitQueue, Ticket } from './commit-queue.js';

// Each admitted request's ticket, by its Node request (gone with it).
const tickets = new WeakMap<object, Ticket>();

/**
 * Admits a `POST /v1/alerts` before its body is read: false when the commit queue is full (the
 * caller answers 429 and the body is discarded unread). The ticket is given back when the
 * response ends or the connection is cut, whichever comes first.
 */
export function admit(request: FastifyRequest, reply: FastifyReply, queue: CommitQueue): boolean {
  const ticket = queue.enter();
  if (ticket === undefined) return false;
  tickets.set(request.raw, ticket);
  reply.raw.once('close', () => {
    ticket.release();
  });
  return true;
}

/** The ticket {@link admit} gave the request, if it was admitted. */
export function ticketOf(request: FastifyRequest): Ticket | undefined {
  return tickets.get(request.raw);
}

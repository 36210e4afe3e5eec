/**
 * How fast a dead connection is noticed (PR6). A phone that walks out of the venue's Wi-Fi, or a
 * laptop whose lid closes, sends no goodbye: the server learns of it only when a ping goes
 * unanswered. Engine.io pings every `pingInterval` and gives up `pingTimeout` after a ping with
 * no pong, so a connection that dies just after a pong is closed at most
 * pingInterval + pingTimeout = 4.5 s later, and the room's presence list goes out at once
 * (leftRoomHandler): the wall shows that person offline within 5 s, with room to spare for a
 * busy server whose timers fire late. Socket.IO's defaults (25 s + 20 s) kept a gone
 * participant "online" for up to 45 s.
 * The cost is one 1-byte ping and pong per socket every 1.5 s (300 people: 200 tiny frames a
 * second). The timeout is the larger part on purpose: on crowded venue Wi-Fi a pong can be late
 * by a retransmit or a phone busy unpacking a large board, and every false disconnect costs a
 * rejoin; a client whose event loop is blocked for 3 s in a row reconnects by itself (C2).
 */
export const HEARTBEAT = { pingInterval: 1_500, pingTimeout: 3_000 } as const;

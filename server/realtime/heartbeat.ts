/**
 * How fast a dead connection is noticed (PR6). A phone that walks out of the venue's Wi-Fi, or a
 * laptop whose lid closes, sends no goodbye: the server learns of it only when a ping goes
 * unanswered. Engine.io pings every `pingInterval` and gives up `pingTimeout` after a ping with
 * no pong, so a connection that dies just after a pong is closed at most
 * pingInterval + pingTimeout = 3.5 s later, and the room's presence list goes out at once
 * (leftRoomHandler): the wall shows that person offline within 5 s, with room to spare for a
 * busy server whose timers fire late. Socket.IO's defaults (25 s + 20 s) kept a gone
 * participant "online" for up to 45 s.
 * The cost is one 1-byte ping and pong per socket every second (300 people: 300 tiny frames a
 * second), and a client whose event loop is blocked for 2.5 s in a row loses its connection and
 * reconnects by itself (C2); unpacking a 2,000-note board takes a small part of that.
 */
export const HEARTBEAT = { pingInterval: 1_000, pingTimeout: 2_500 } as const;

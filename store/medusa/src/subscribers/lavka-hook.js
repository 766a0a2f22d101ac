// Wakes Lavka when an order is placed, so it is reserved in seconds rather than at the next poll: a POST to
// LAVKA_HOOK_URL (Lavka's /api/store/hook) with the shared secret in X-Lavka-Store-Secret. The body names the event
// and the order's id only as a courtesy: Lavka reads nothing from it and pulls the order through the admin API.
// Without both variables it does nothing; a Lavka that is down misses the wake, and its polling catches up.
const TRIES = 3;

async function wakeLavka({ event }) {
  const url = process.env.LAVKA_HOOK_URL;
  const secret = process.env.LAVKA_HOOK_SECRET;
  if (!url || !secret) return;
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lavka-store-secret': secret },
        body: JSON.stringify({ event: event.name, id: event.data && event.data.id }),
        signal: AbortSignal.timeout(3000),
      });
      if (res.ok) return;
      // A refusal (a wrong secret) will not change by asking again.
      if (res.status < 500) return console.warn(`lavka hook refused ${event.name}: ${res.status}`);
    } catch (error) {
      if (attempt === TRIES) return console.warn(`lavka hook failed: ${event.name}: ${error && error.message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
  }
}

module.exports = { default: wakeLavka, config: { event: 'order.placed' } };

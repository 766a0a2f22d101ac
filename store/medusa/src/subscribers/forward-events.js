// Medusa has no outbound webhooks: this subscriber stands in for them, posting the events Lavka syncs on to
// LAVKA_STORE_EVENTS_URL as JSON {name, data, at}. Payloads carry ids only; Lavka reads the rest from the admin API.
// Without the variable it does nothing, and a receiver that is down loses the event (Lavka also polls).
const EVENTS = [
  'order.placed',
  'order.updated',
  'order.canceled',
  'order.completed',
  'order.fulfillment_created',
  'product-variant.created',
  'product-variant.updated',
  'product-variant.deleted',
  'inventory-item.created',
  'inventory-item.updated',
  'inventory-level.created',
  'inventory-level.updated',
  'inventory-level.deleted',
];

async function forwardEvent({ event }) {
  const url = process.env.LAVKA_STORE_EVENTS_URL;
  if (!url) return;
  try {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: event.name, data: event.data, at: new Date().toISOString() }),
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    // Visible in the store's log; the event itself is not retried (Lavka's polling catches up).
    console.warn(`lavka event forward failed: ${event.name}: ${error && error.message}`);
  }
}

module.exports = { default: forwardEvent, config: { event: EVENTS } };

// What a shop's web store needs before it can sell, set up through the admin API of a freshly migrated Medusa:
// roubles and a Russian region, the shop's stock location wired to the default sales channel, one flat shipping
// option, a secret admin key (for Lavka) and a publishable key (for shoppers). Its result is cached with the
// database snapshot (see snapshot.ts), so a change here must change the snapshot key: it hashes this file.
import { http } from './http';

export const ADMIN = { email: 'admin@lavka.test', password: 'lavka-test-store-admin' } as const;

export interface StoreSetup {
  secretKey: string;
  publishableKey: string;
  regionId: string;
  locationId: string;
  salesChannelId: string;
  shippingProfileId: string;
  shippingOptionId: string;
}

export async function bootstrapStore(baseUrl: string, credentials: { email: string; password: string } = ADMIN): Promise<StoreSetup> {
  const login = await http(baseUrl, { kind: 'publishable', key: '' })<{ token: string }>('POST', '/auth/user/emailpass', credentials);
  const asUser = http(baseUrl, { kind: 'bearer', token: login.token });
  const secret = await asUser('POST', '/admin/api-keys', { title: 'lavka', type: 'secret' });
  const secretKey: string = secret.api_key.token;
  const admin = http(baseUrl, { kind: 'secret', key: secretKey });

  const salesChannelId: string = (await admin('GET', '/admin/sales-channels?limit=1')).sales_channels[0].id;
  const shippingProfileId: string = (await admin('GET', '/admin/shipping-profiles?limit=1')).shipping_profiles[0].id;
  const storeId: string = (await admin('GET', '/admin/stores')).stores[0].id;
  await admin('POST', `/admin/stores/${storeId}`, {
    name: 'Lavka test shop',
    supported_currencies: [{ currency_code: 'rub', is_default: true }],
  });
  const regionId: string = (
    await admin('POST', '/admin/regions', {
      name: 'Russia',
      currency_code: 'rub',
      countries: ['ru'],
      payment_providers: ['pp_system_default'],
    })
  ).region.id;
  const locationId: string = (
    await admin('POST', '/admin/stock-locations', {
      name: 'Shop',
      address: { address_1: 'Lenina 1', city: 'Moscow', country_code: 'ru' },
    })
  ).stock_location.id;
  await admin('POST', `/admin/stock-locations/${locationId}/sales-channels`, { add: [salesChannelId] });
  await admin('POST', `/admin/stock-locations/${locationId}/fulfillment-providers`, { add: ['manual_manual'] });
  const withSet = await admin('POST', `/admin/stock-locations/${locationId}/fulfillment-sets?fields=*fulfillment_sets`, {
    name: 'Shop delivery',
    type: 'shipping',
  });
  const zone = await admin('POST', `/admin/fulfillment-sets/${withSet.stock_location.fulfillment_sets[0].id}/service-zones`, {
    name: 'Russia',
    geo_zones: [{ type: 'country', country_code: 'ru' }],
  });
  const shippingOptionId: string = (
    await admin('POST', '/admin/shipping-options', {
      name: 'Courier',
      service_zone_id: zone.fulfillment_set.service_zones[0].id,
      shipping_profile_id: shippingProfileId,
      provider_id: 'manual_manual',
      price_type: 'flat',
      type: { label: 'Courier', description: 'Next day', code: 'courier' },
      prices: [
        { currency_code: 'rub', amount: 300 },
        { region_id: regionId, amount: 300 },
      ],
      rules: [
        { attribute: 'enabled_in_store', value: 'true', operator: 'eq' },
        { attribute: 'is_return', value: 'false', operator: 'eq' },
      ],
    })
  ).shipping_option.id;
  await admin('POST', `/admin/stores/${storeId}`, { default_region_id: regionId, default_location_id: locationId });
  const publishable = await admin('POST', '/admin/api-keys', { title: 'storefront', type: 'publishable' });
  await admin('POST', `/admin/api-keys/${publishable.api_key.id}/sales-channels`, { add: [salesChannelId] });
  return {
    secretKey,
    publishableKey: publishable.api_key.token,
    regionId,
    locationId,
    salesChannelId,
    shippingProfileId,
    shippingOptionId,
  };
}

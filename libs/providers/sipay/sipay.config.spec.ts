import { collectProblems, loadSlice } from '@libs/platform/config';
import { sipayConfig } from './sipay.config';

describe('SIPAY_WEBHOOK_ALLOWED_IPS', () => {
  it('takes addresses and CIDR ranges, IPv4 and IPv6', () => {
    const { value, problems } = loadSlice(sipayConfig, {
      SIPAY_WEBHOOK_ALLOWED_IPS: '203.0.113.7, 198.51.100.0/24, 2001:db8:5::/48',
    });
    expect(problems).toEqual([]);
    expect(value.webhookAllowedIps.entries).toEqual(['203.0.113.7', '198.51.100.0/24', '2001:db8:5::/48']);
    expect(value.webhookAllowedIps.includes('198.51.100.200')).toBe(true);
    expect(value.webhookAllowedIps.includes('::ffff:198.51.100.200')).toBe(true);
    expect(value.webhookAllowedIps.includes('198.51.101.1')).toBe(false);
  });

  it('is empty (no address check) when unset', () => {
    expect(loadSlice(sipayConfig, {}).value.webhookAllowedIps.isEmpty).toBe(true);
  });

  it('fails start-up with one clear line naming the variable and the bad entry', () => {
    expect(collectProblems([sipayConfig], { SIPAY_WEBHOOK_ALLOWED_IPS: '198.51.100.0/24, sipay.example' })).toEqual([
      'SIPAY_WEBHOOK_ALLOWED_IPS is invalid: "sipay.example" is not an IP address or CIDR range',
    ]);
    expect(collectProblems([sipayConfig], { SIPAY_WEBHOOK_ALLOWED_IPS: '198.51.100.0/33' })).toEqual([
      'SIPAY_WEBHOOK_ALLOWED_IPS is invalid: "198.51.100.0/33" has a prefix length outside 0..32',
    ]);
  });
});

import { requestHash } from '../application';
import { replayRequestHashes } from './replay-body';

const BODY = { amount: '250000', currency: 'TRY', beneficiary: { name: 'A', iban: 'TR320010009999901234567890' } };
const withIban = (iban: string) => ({ ...BODY, beneficiary: { ...BODY.beneficiary, iban } });

describe('replayRequestHashes', () => {
  it('gives one hash for a body whose IBAN is already in electronic form', () => {
    expect(replayRequestHashes(BODY)).toEqual({ requestHash: requestHash(BODY) });
  });

  it('hashes a spaced, lower-case IBAN as the electronic one, and keeps the hash of the body as sent beside it', () => {
    const printed = withIban('tr32 0010 0099 9990 1234 5678 90');
    expect(replayRequestHashes(printed)).toEqual({
      requestHash: requestHash(BODY),
      requestHashAsSent: requestHash(printed),
    });
  });

  it('leaves a body whose IBAN does not check as sent', () => {
    const wrong = withIban('TR00 0000');
    expect(replayRequestHashes(wrong)).toEqual({ requestHash: requestHash(wrong) });
  });
});

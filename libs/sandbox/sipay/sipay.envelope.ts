import { jsonText, Reply } from '../server/http-io';
import { stringifySipayJson } from './sipay.json';

/** Messages in Sipay's language; 311's is verbatim from Sipay's own error example. */
export const SIPAY_MESSAGES: Readonly<Record<string, string>> = {
  '100': 'İşlem Başarılı',
  '300': 'Kayıt bulunamadı',
  '301': 'Bu ext_transaction_id ile daha önce işlem yapılmıştır',
  '306': 'Alıcı adı ile IBAN sahibinin adı eşleşmiyor',
  '310': 'Limitiniz bu işlem için yetersiz',
  '311': 'Cüzdan bakiyeniz yetersiz olduğundan işlemi gerçekleştiremiyoruz',
  '400': 'İstek geçersiz',
  '401': 'Yetkisiz erişim',
  '500': 'Beklenmeyen bir hata oluştu',
};

/** `{ status, code, message, payload }` on every Sipay answer; status 0 only with code 100. */
export function sipayEnvelope(httpStatus: number, code: string, payload: unknown = null, detail?: string): Reply {
  const base = SIPAY_MESSAGES[code] ?? 'Hata';
  const message = detail ? `${base}: ${detail}` : base;
  return jsonText(httpStatus, stringifySipayJson({ status: code === '100' ? 0 : 2, code, message, payload }));
}

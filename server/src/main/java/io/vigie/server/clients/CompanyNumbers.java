package io.vigie.server.clients;

import java.util.Locale;

import io.vigie.server.platform.InvalidInputException;

/**
 * Checks and normalises French company identifiers: the SIREN (9 digits, Luhn check digit) and the
 * VAT number (for France {@code FR} + 2-digit key + SIREN, the key being
 * {@code (12 + 3 × (SIREN mod 97)) mod 97}; other countries: their prefix and 2 to 13 characters).
 */
final class CompanyNumbers {

    private CompanyNumbers() {
    }

    /** @return the SIREN without spaces, or null when blank; refuses a wrong check digit */
    static String siren(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String digits = raw.replace(" ", "");
        if (!digits.matches("[0-9]{9}") || !luhn(digits)) {
            throw new InvalidInputException("siren", "not a valid SIREN (9 digits with a valid check digit)");
        }
        return digits;
    }

    /** @return the VAT number upper-cased without spaces, or null when blank */
    static String vatNumber(String raw, String siren) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String vat = raw.replace(" ", "").toUpperCase(Locale.ROOT);
        if (vat.startsWith("FR")) {
            if (!vat.matches("FR[0-9]{2}[0-9]{9}")) {
                throw new InvalidInputException("vatNumber", "a French VAT number is FR, a 2-digit key and the SIREN");
            }
            String vatSiren = vat.substring(4);
            long key = (12 + 3 * (Long.parseLong(vatSiren) % 97)) % 97;
            if (Integer.parseInt(vat.substring(2, 4)) != key) {
                throw new InvalidInputException("vatNumber", "the key of this French VAT number is wrong");
            }
            if (siren != null && !siren.equals(vatSiren)) {
                throw new InvalidInputException("vatNumber", "the VAT number does not match the SIREN");
            }
        } else if (!vat.matches("[A-Z]{2}[0-9A-Z]{2,13}")) {
            throw new InvalidInputException("vatNumber", "not a valid intra-community VAT number");
        }
        return vat;
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}

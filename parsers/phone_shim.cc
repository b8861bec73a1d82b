/*
 * phone_shim.cc - the C face of libphonenumber (see phone.h). Kept to the calls dftriage needs;
 * no C++ type crosses the boundary and no exception escapes it.
 */
#include "phone.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include <cstring>
#include <string>

extern "C" {
#include "error.h"
}

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

/* libphonenumber's region for "unknown" is "ZZ"; it wants upper-case alpha-2 codes. */
std::string region_or_zz(const char *region)
{
    if (!region || strlen(region) != 2)
        return "ZZ";
    std::string r(region);
    for (char &c : r)
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
    return r;
}

int format_e164(const PhoneNumberUtil *u, const PhoneNumber &n, char out[DFT_PHONE_LEN])
{
    if (!u->IsValidNumber(n))
        return DFT_ECORRUPT;
    std::string s;
    u->Format(n, PhoneNumberUtil::E164, &s);
    if (s.size() >= DFT_PHONE_LEN)
        return DFT_ECORRUPT;
    memcpy(out, s.c_str(), s.size() + 1);
    return DFT_OK;
}

}  // namespace

extern "C" int dft_phone_e164(const char *raw, const char *region, unsigned flags, char out[DFT_PHONE_LEN])
{
    out[0] = '\0';
    if (!raw || !*raw)
        return dft_error_set(DFT_ECORRUPT, "empty phone number");
    try {
        const PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
        std::string text(raw);
        if (flags & DFT_PHONE_INTERNATIONAL) {
            /* Digits that carry their country code but no '+': strip the separators a JID or a
             * spreadsheet adds, then parse as "+digits". */
            std::string digits;
            for (char c : text)
                if (c >= '0' && c <= '9')
                    digits.push_back(c);
            size_t skip = 0;
            if (digits.compare(0, 2, "00") == 0)
                skip = 2;
            text = "+" + digits.substr(skip);
        }
        PhoneNumber n;
        if (u->Parse(text, region_or_zz(region), &n) != PhoneNumberUtil::NO_PARSING_ERROR)
            return dft_error_set(DFT_ECORRUPT, "not a phone number");
        if (format_e164(u, n, out) != DFT_OK)
            return dft_error_set(DFT_ECORRUPT, "not a valid phone number");
        return DFT_OK;
    } catch (...) {
        out[0] = '\0';
        return dft_error_set(DFT_ENOMEM, "phone number library failed");
    }
}

extern "C" int dft_phone_region(const char *e164, char region[3])
{
    region[0] = '\0';
    try {
        const PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
        PhoneNumber n;
        if (!e164 || u->Parse(e164, "ZZ", &n) != PhoneNumberUtil::NO_PARSING_ERROR)
            return dft_error_set(DFT_ENOTFOUND, "not an international phone number");
        std::string r;
        u->GetRegionCodeForNumber(n, &r);
        if (r.size() != 2 || r == "ZZ")
            return dft_error_set(DFT_ENOTFOUND, "no region for this number");
        memcpy(region, r.c_str(), 3);
        return DFT_OK;
    } catch (...) {
        return dft_error_set(DFT_ENOMEM, "phone number library failed");
    }
}

extern "C" int dft_phone_region_of_code(int country_code, char region[3])
{
    region[0] = '\0';
    try {
        std::string r;
        PhoneNumberUtil::GetInstance()->GetRegionCodeForCountryCode(country_code, &r);
        if (r.size() != 2 || r == "ZZ" || r == "00")
            return dft_error_set(DFT_ENOTFOUND, "no region for country code %d", country_code);
        memcpy(region, r.c_str(), 3);
        return DFT_OK;
    } catch (...) {
        return dft_error_set(DFT_ENOMEM, "phone number library failed");
    }
}

extern "C" int dft_phone_find(const char *text, size_t len, const char *region, dft_phone_found_fn cb,
                              void *payload)
{
    try {
        const PhoneNumberUtil *u = PhoneNumberUtil::GetInstance();
        std::string s(text, len);
        /* max_tries bounds the matcher's work on hostile text (libphonenumber's own default is unbounded). */
        PhoneNumberMatcher m(*u, s, region_or_zz(region), PhoneNumberMatcher::VALID, 10000);
        PhoneNumberMatch match;
        while (m.HasNext()) {
            if (!m.Next(&match))
                break;
            char e164[DFT_PHONE_LEN];
            if (format_e164(u, match.number(), e164) != DFT_OK)
                continue;
            int rc = cb(payload, (size_t)match.start(), match.raw_string().size(), e164);
            if (rc)
                return rc;
        }
        return DFT_OK;
    } catch (...) {
        return dft_error_set(DFT_ENOMEM, "phone number library failed");
    }
}

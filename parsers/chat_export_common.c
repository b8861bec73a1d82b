/*
 * chat_export_common.c - helpers of the chat-export parsers (chat_export_common.h).
 */
#include "chat_export_common.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "timefmt.h"

void dft_export_names_add(dft_export_names *s, const char *name)
{
    if (!name || !*name || dft_export_names_has(s, name)) return;
    if (s->n == DFT_EXPORT_MAX_PARTICIPANTS) {
        s->overflow++;
        return;
    }
    char *d = strdup(name);
    if (d) s->name[s->n++] = d;
}

bool dft_export_names_has(const dft_export_names *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->name[i], name) == 0) return true;
    return false;
}

void dft_export_names_free(dft_export_names *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->name[i]);
    s->n = 0;
}

void dft_export_info_free(dft_export_info *i) { dft_export_names_free(&i->participants); }

int dft_export_tz_parse(const char *t, int32_t *offset_s)
{
    *offset_s = 0;
    if (!t) return DFT_OK;
    while (*t == ' ') t++;
    if (!strcasecmp(t, "utc") || !strcasecmp(t, "z") || !strcasecmp(t, "gmt") || !*t) return DFT_OK;
    if (!strncasecmp(t, "utc", 3) || !strncasecmp(t, "gmt", 3)) t += 3;
    if (*t != '+' && *t != '-') return dft_error_set(DFT_ECORRUPT, "time zone \"%s\": use UTC or +HH:MM", t);
    int sign = *t == '-' ? -1 : 1;
    t++;
    int h = 0, m = 0, nd = 0;
    while (isdigit((unsigned char)*t) && nd < 2) { h = h * 10 + (*t++ - '0'); nd++; }
    if (!nd) return dft_error_set(DFT_ECORRUPT, "time zone: no hours");
    if (*t == ':') t++;
    if (isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1])) { m = (t[0] - '0') * 10 + (t[1] - '0'); t += 2; }
    if (*t || h > 14 || m > 59) return dft_error_set(DFT_ECORRUPT, "time zone: not +HH:MM");
    *offset_s = sign * (h * 3600 + m * 60);
    return DFT_OK;
}

/* Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* The civil fields checked and turned into Unix seconds (minus the zone offset); false when out of range. */
static bool civil_to_unix(int year, int mon, int day, int h, int m, int s, int32_t offset_s, int64_t *out)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (year < 1970 || year > 9999 || mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] || h < 0 || h > 23 ||
        m < 0 || m > 59 || s < 0 || s > 60)
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (mon == 2 && day == 29 && !leap) return false;
    *out = days_from_civil(year, (unsigned)mon, (unsigned)day) * 86400 + h * 3600 + m * 60 + s - offset_s;
    return true;
}

bool dft_export_local_to_utc(int year, int mon, int day, int h, int m, int s, int32_t offset_s,
                             char out[DFT_TIME_LEN])
{
    out[0] = '\0';
    int64_t t;
    if (!civil_to_unix(year, mon, day, h, m, s, offset_s, &t)) return false;
    dft_time_format(out, t, 0);
    return true;
}

/* Exactly n decimal digits at *p (advanced), else -1. */
static int fixed_digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (!isdigit((unsigned char)**p)) return -1;
        v = v * 10 + (**p - '0');
    }
    return v;
}

bool dft_export_iso8601_to_utc(const char *text, char out[DFT_TIME_LEN])
{
    out[0] = '\0';
    const char *p = text;
    if (!p) return false;
    int y = fixed_digits(&p, 4);
    if (y < 0 || *p++ != '-') return false;
    int mo = fixed_digits(&p, 2);
    if (mo < 0 || *p++ != '-') return false;
    int d = fixed_digits(&p, 2);
    if (d < 0 || (*p != 'T' && *p != 't' && *p != ' ')) return false;
    p++;
    int h = fixed_digits(&p, 2);
    if (h < 0 || *p++ != ':') return false;
    int mi = fixed_digits(&p, 2), s = 0;
    if (mi < 0) return false;
    uint32_t ns = 0;
    if (*p == ':') {
        p++;
        if ((s = fixed_digits(&p, 2)) < 0) return false;
        if (*p == '.' || *p == ',') {
            p++;
            if (!isdigit((unsigned char)*p)) return false;
            uint32_t scale = 100000000u;
            for (; isdigit((unsigned char)*p); p++) {
                ns += (uint32_t)(*p - '0') * scale;
                scale /= 10;
            }
        }
    }
    int32_t off = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int oh = fixed_digits(&p, 2), om = 0;
        if (oh < 0 || oh > 14) return false;
        if (*p == ':') p++;
        if (isdigit((unsigned char)*p) && (om = fixed_digits(&p, 2)) < 0) return false;
        if (om > 59) return false;
        off = sign * (oh * 3600 + om * 60);
    } else {
        return false;
    }
    int64_t t;
    if (*p || !civil_to_unix(y, mo, d, h, mi, s, off, &t)) return false;
    dft_time_format(out, t, ns);
    return true;
}

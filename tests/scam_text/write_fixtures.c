/*
 * write_fixtures.c - writes the texts of fixtures.h as files into a directory, so that the end-to-end
 * test ingests exactly what the unit tests classify (one source for both). Usage: write_fixtures DIR.
 */
#include <stdio.h>
#include <string.h>

#include "fixtures.h"

static int put(const char *dir, const char *name, const char *a, const char *b)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) { perror(path); return 1; }
    fwrite(a, 1, strlen(a), fp);
    if (b) fwrite(b, 1, strlen(b), fp);
    return fclose(fp) != 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: write_fixtures DIR\n"); return 2; }
    const char *d = argv[1];
    int rc = 0;
    rc |= put(d, "script_zh.txt", SCRIPT_ZH, NULL);
    rc |= put(d, "script_hant.txt", SCRIPT_ZH_HANT, NULL);
    rc |= put(d, "script_en.md", SCRIPT_EN, NULL);
    rc |= put(d, "script_th.txt", SCRIPT_TH, NULL);
    rc |= put(d, "script_vi.html", "<html><body><pre>\n", SCRIPT_VI);
    rc |= put(d, "police_script.txt", SCRIPT_POLICE_ZH, NULL);
    rc |= put(d, "leaflet_zh.txt", LEAFLET_ZH, NULL);
    rc |= put(d, "leaflet_en.txt", LEAFLET_EN, NULL);
    rc |= put(d, "news.txt", NEWS_EN, NULL);
    rc |= put(d, "chat.txt", CHAT_EN, NULL);
    rc |= put(d, "cues.txt", TIP_TEXT, NULL);
    rc |= put(d, "novel.txt", NOVEL_EN, NULL);
    rc |= put(d, "script_vi_plain.txt", SCRIPT_VI_PLAIN, NULL);
    rc |= put(d, "ngo_leaflet.txt", NGO_LEAFLET_EN, NULL);
    /* the TD3 specimen, then the same zone with its number check digit changed (6 -> 7) */
    char bad[128];
    snprintf(bad, sizeof bad, "%s", MRZ_TD3);
    bad[45 + 9] = '7';
    rc |= put(d, "passports.txt", MRZ_TD3, bad);
    return rc;
}

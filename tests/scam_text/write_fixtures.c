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

/* A one-page PDF (PDF 1.4, Helvetica, one Tj a line, a correct xref) holding an ASCII text: the
 * documents plugin extracts its text through poppler and scam_text classifies it as decoded content. */
static int put_pdf(const char *dir, const char *name, const char *text)
{
    static char stream[16384], out[32768];
    size_t sn = (size_t)snprintf(stream, sizeof stream, "BT /F1 9 Tf 11 TL 40 800 Td\n");
    for (const char *p = text; *p && sn + 300 < sizeof stream;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        stream[sn++] = '(';
        for (size_t i = 0; i < n && sn + 8 < sizeof stream; i++) {
            if (p[i] == '(' || p[i] == ')' || p[i] == '\\') stream[sn++] = '\\';
            stream[sn++] = p[i];
        }
        sn += (size_t)snprintf(stream + sn, sizeof stream - sn, ") Tj T*\n");
        p += n + (e ? 1 : 0);
    }
    sn += (size_t)snprintf(stream + sn, sizeof stream - sn, "ET\n");
    size_t off[6], o = (size_t)snprintf(out, sizeof out, "%%PDF-1.4\n");
    const char *objs[5] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        "/Contents 4 0 R >>",
        NULL,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    };
    for (int i = 0; i < 5; i++) {
        off[i + 1] = o;
        if (objs[i])
            o += (size_t)snprintf(out + o, sizeof out - o, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
        else
            o += (size_t)snprintf(out + o, sizeof out - o, "%d 0 obj\n<< /Length %zu >>\nstream\n%.*sendstream\nendobj\n",
                                  i + 1, sn, (int)sn, stream);
    }
    size_t xref = o;
    o += (size_t)snprintf(out + o, sizeof out - o, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i <= 5; i++) o += (size_t)snprintf(out + o, sizeof out - o, "%010zu 00000 n \n", off[i]);
    o += (size_t)snprintf(out + o, sizeof out - o, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp) { perror(path); return 1; }
    fwrite(out, 1, o, fp);
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
    rc |= put_pdf(d, "script_en.pdf", SCRIPT_EN);
    /* the TD3 specimen, then the same zone with its number check digit changed (6 -> 7) */
    char bad[128];
    snprintf(bad, sizeof bad, "%s", MRZ_TD3);
    bad[45 + 9] = '7';
    rc |= put(d, "passports.txt", MRZ_TD3, bad);
    return rc;
}

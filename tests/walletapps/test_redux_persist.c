/*
 * test_redux_persist.c - parsers/redux_persist: a persist-root whose reducer values are JSON texts
 * is returned as one tree (objects, arrays and JSON string literals decoded; plain strings, numbers and
 * texts that only look like JSON kept); non-objects and broken JSON are DFT_ECORRUPT with a message.
 */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "parsers/redux_persist.h"

static int fails;
#define CHECK(c)                                                                  \
    do {                                                                          \
        if (!(c)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            fails++;                                                              \
        }                                                                         \
    } while (0)

int main(void)
{
    const char *text = "{\"engine\":\"{\\\"backgroundState\\\":{\\\"KeyringController\\\":{\\\"vault\\\":\\\"{}\\\"}}}\","
                       "\"list\":\"[1,2]\",\"quoted\":\"\\\"hello\\\"\",\"plain\":\"hello\","
                       "\"broken\":\"{not json\",\"n\":5,\"_persist\":\"{\\\"version\\\":-1}\"}";
    json_t *root = NULL;
    size_t decoded = 99;
    CHECK(dft_redux_persist_parse(&root, text, strlen(text), &decoded) == DFT_OK);
    CHECK(decoded == 4);
    json_t *vault = json_object_get(json_object_get(json_object_get(json_object_get(root, "engine"), "backgroundState"),
                                                    "KeyringController"), "vault");
    CHECK(json_is_string(vault) && strcmp(json_string_value(vault), "{}") == 0); /* one level only */
    CHECK(json_is_array(json_object_get(root, "list")) && json_array_size(json_object_get(root, "list")) == 2);
    CHECK(json_is_string(json_object_get(root, "quoted")) && strcmp(json_string_value(json_object_get(root, "quoted")), "hello") == 0);
    CHECK(strcmp(json_string_value(json_object_get(root, "plain")), "hello") == 0);
    CHECK(strcmp(json_string_value(json_object_get(root, "broken")), "{not json") == 0);
    CHECK(json_integer_value(json_object_get(root, "n")) == 5);
    CHECK(json_integer_value(json_object_get(json_object_get(root, "_persist"), "version")) == -1);
    /* key order is kept (deterministic output) */
    const char *order[] = { "engine", "list", "quoted", "plain", "broken", "n", "_persist" };
    int i = 0;
    const char *k;
    json_t *v;
    json_object_foreach(root, k, v) {
        (void)v;
        CHECK(i < 7 && strcmp(k, order[i]) == 0);
        i++;
    }
    json_decref(root);

    CHECK(dft_redux_persist_parse(&root, "[1]", 3, NULL) == DFT_ECORRUPT && root == NULL);
    CHECK(strstr(dft_error_last(), "not a JSON object") != NULL);
    CHECK(dft_redux_persist_parse(&root, "{\"a\":", 5, NULL) == DFT_ECORRUPT && root == NULL);
    CHECK(strstr(dft_error_last(), "not JSON") != NULL);
    /* not NUL-terminated: only len bytes are read */
    char buf[8] = { '{', '}', 'x', 'x', 'x', 'x', 'x', 'x' };
    CHECK(dft_redux_persist_parse(&root, buf, 2, NULL) == DFT_OK && json_object_size(root) == 0);
    json_decref(root);
    if (fails) {
        fprintf(stderr, "%d check(s) failed\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}

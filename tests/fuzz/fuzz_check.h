/*
 * fuzz_check.h - the one assertion of the fuzz harnesses: a broken invariant prints what and where
 * and aborts, so libFuzzer and the replay driver both save the input that broke it.
 */
#ifndef DFT_FUZZ_CHECK_H
#define DFT_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                      \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);     \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

#endif

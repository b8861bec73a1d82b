# tests/hostile: the hostile-input campaign of issue 8, run as an outside attacker would, against
# the real binary. Inputs are generated at test time (mk_hostile.py); each case asserts the exact
# outcome (bounded finish time, warning recorded, next item complete, live run's rows intact,
# cause named, mode 0600, exit code). Runs in the normal and the ASan+UBSan build.
add_test(NAME hostile_inputs
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/hostile.sh $<TARGET_FILE:dftriage>
                 ${CMAKE_CURRENT_BINARY_DIR}/hostile)
# COST: the longest test (6 min under ASan) starts first, so it does not run alone at the end of a
# clean checkout's ctest -j2 (no timing history there)
set_tests_properties(hostile_inputs PROPERTIES TIMEOUT 900 LABELS e2e COST 10000
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

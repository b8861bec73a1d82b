# tests/merge: shards, the verified merge and the cross-device correlation (docs/merge.md).
#  e2e_merge  two phone dumps as two shards merged == one single-process ingest (ids aside); verify passes;
#             v_shared_identifiers; tampered / other-case / unknown-table / incomplete shards refused with
#             the case unchanged; the same shard twice skipped.
add_test(NAME e2e_merge
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e_merge.sh $<TARGET_FILE:dftriage> ${DFT_TESTIMAGES}
                 ${CMAKE_BINARY_DIR}/merge/e2e)
set_tests_properties(e2e_merge PROPERTIES FIXTURES_REQUIRED dft_testimages TIMEOUT 300 SKIP_RETURN_CODE 77
                     LABELS e2e ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

# tests/merge: shards, the verified merge and the cross-device correlation (docs/merge.md).
#  e2e_merge  two phone dumps as two shards merged == one single-process ingest (ids aside); verify passes;
#             v_shared_identifiers; tampered / other-case / unknown-table / incomplete shards refused with
#             the case unchanged; the same shard twice skipped.
# merge_toctou: a harness that edits a shard between its check and its copy (fix 1 of issue 14).
add_executable(merge_toctou ${CMAKE_CURRENT_LIST_DIR}/merge_toctou.c)
target_link_libraries(merge_toctou PRIVATE dftcore)
target_include_directories(merge_toctou PRIVATE ${CMAKE_SOURCE_DIR}/core/store)
add_test(NAME e2e_merge
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e_merge.sh $<TARGET_FILE:dftriage> ${DFT_TESTIMAGES}
                 ${CMAKE_BINARY_DIR}/merge/e2e $<TARGET_FILE:merge_toctou>)
set_tests_properties(e2e_merge PROPERTIES FIXTURES_REQUIRED dft_testimages TIMEOUT 900 SKIP_RETURN_CODE 77
                     LABELS e2e ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

# The scale-out benchmark (bench/merge_bench.c; numbers in docs/performance.md): built with the tests, and
# run small here so it stays correct (rows and identifier counts of the merged case are checked).
add_executable(merge_bench ${CMAKE_SOURCE_DIR}/bench/merge_bench.c)
target_link_libraries(merge_bench PRIVATE dftcore)
target_include_directories(merge_bench PRIVATE ${CMAKE_SOURCE_DIR}/core/store)
add_test(NAME merge_bench_small
         COMMAND merge_bench $<TARGET_FILE:dftriage> ${CMAKE_BINARY_DIR}/merge/bench_small 4 2000 --verify)
set_tests_properties(merge_bench_small PROPERTIES TIMEOUT 300)
# A large merge (--bulk: indexes dropped, built in the last shard's transaction) stopped after 2 of 3
# shards: the case verifies; the re-run completes it, equal to a merge without the bulk path.
add_test(NAME merge_bulk_resume
         COMMAND merge_bench $<TARGET_FILE:dftriage> ${CMAKE_BINARY_DIR}/merge/bulk_resume 3 1000 --resume-test)
set_tests_properties(merge_bulk_resume PROPERTIES TIMEOUT 300)

# dft_merge_remap_text: "file N" / "evidence N" in warning messages (issue 14 fix 9).
dft_unit_test(test_merge_remap ${CMAKE_CURRENT_LIST_DIR}/test_merge_remap.c)
target_include_directories(test_merge_remap PRIVATE ${CMAKE_SOURCE_DIR}/core/store)

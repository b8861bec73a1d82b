# tests/batch/tests.cmake - `dftriage batch` (core/cli/cmd_batch.c, batch_*.c): the same six evidence
# items through a local run (--local 2) and through a one-node Slurm started by the test itself
# (slurm_harness.sh), each compared row by row with a single-process ingest (case_dump.py).
# batch_slurm skips (77) only when not root or the Slurm/munge binaries are missing; CI has both.
# Alone on 2 cores each takes 25-75 s; TIMEOUT leaves room for a loaded machine (a full ctest -j2
# at load average 28 took batch_local past 180 s).
set(DFT_BATCH_TEST_DIR ${CMAKE_CURRENT_LIST_DIR})
set(DFT_BATCH_WORK ${CMAKE_BINARY_DIR}/batch)
foreach(t batch_local batch_slurm)
  add_test(NAME ${t}
           COMMAND bash ${DFT_BATCH_TEST_DIR}/${t}.sh ${DFT_BIN} ${DFT_TESTIMAGES} ${DFT_BATCH_WORK}/${t})
  set_tests_properties(${t} PROPERTIES
    FIXTURES_REQUIRED "dft_testimages;containers_images" TIMEOUT 420 SKIP_RETURN_CODE 77 LABELS "e2e;batch"
    ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")
endforeach()
# the Slurm daemons and the local workers both want the two cores: never at the same time
set_tests_properties(batch_slurm PROPERTIES RUN_SERIAL TRUE)
# what "file N" in the merged case's findings.decoded_path points to (the batch tests set ids aside)
set_tests_properties(batch_local PROPERTIES FIXTURES_SETUP batch_local_case)
add_test(NAME batch_merged_decoded_path
         COMMAND bash ${DFT_BATCH_TEST_DIR}/merged_decoded_path.sh ${DFT_BATCH_WORK}/batch_local)
set_tests_properties(batch_merged_decoded_path PROPERTIES FIXTURES_REQUIRED batch_local_case LABELS batch TIMEOUT 60)

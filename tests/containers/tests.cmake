# Phone-dump evidence (issue 3): tar/zip/adb/ufdr archives, iTunes backups, device paths.
# The images are built at test time by testimages/phone/build.sh (fixture containers_images).
set(DFT_PHONE_IMAGES ${DFT_TESTIMAGES}/phone)
set(_ct ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME containers_build_images
         COMMAND sh ${_ct}/../../testimages/phone/build.sh ${DFT_PHONE_IMAGES})
set_tests_properties(containers_build_images PROPERTIES FIXTURES_SETUP containers_images)

dft_unit_test(test_devpath ${_ct}/test_devpath.c ${_ct}/rec_sink.c)
dft_unit_test(test_archive ${_ct}/test_archive.c ${_ct}/rec_sink.c)
dft_unit_test(test_itunes ${_ct}/test_itunes.c ${_ct}/rec_sink.c)
# Code-review regressions (deep paths, hard links, symlinks, UFDR bomb, ...): test_review.c.
dft_unit_test(test_review ${_ct}/test_review.c ${_ct}/rec_sink.c)
foreach(t test_archive test_itunes test_review)
  target_compile_definitions(${t} PRIVATE DFT_PHONE_IMAGES="${DFT_PHONE_IMAGES}")
  set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED containers_images)
endforeach()
# the same checks through the openat fallback of dft_open_beneath (kernels without openat2)
add_test(NAME test_review_no_openat2 COMMAND test_review)
set_tests_properties(test_review_no_openat2 PROPERTIES FIXTURES_REQUIRED containers_images
                     ENVIRONMENT "DFT_NO_OPENAT2=1;ASAN_OPTIONS=detect_leaks=1")
target_compile_definitions(test_devpath PRIVATE DFT_PHONE_IMAGES="${DFT_PHONE_IMAGES}")

# Review regression 2 through the real binary (built by the default target, as tests/e2e does).
add_test(NAME e2e_itunes_wal
         COMMAND bash ${_ct}/e2e_itunes_wal.sh $<TARGET_FILE:dftriage> ${DFT_PHONE_IMAGES}
                 ${CMAKE_CURRENT_BINARY_DIR}/e2e_itunes_wal)
set_tests_properties(e2e_itunes_wal PROPERTIES FIXTURES_REQUIRED containers_images TIMEOUT 180
                     ENVIRONMENT "ASAN_OPTIONS=detect_leaks=1")

/* SPDX-License-Identifier: ISC */
/*
 * The boot-test framework (XTF style): a test is one folder under test/boot/
 * with one test_main(). The framework's main() runs it and prints exactly one
 * "Test result: SUCCESS|FAILURE|SKIP" line, then exits 0 on SUCCESS or SKIP.
 */
#ifndef UNI_TEST_H
#define UNI_TEST_H

void test_main(void);

/* Record a failure (the test goes on; the result will be FAILURE). */
__attribute__((format(printf, 1, 2))) void test_fail(const char *fmt, ...);

/* Mark the test skipped, with the reason printed on the result line. */
__attribute__((format(printf, 1, 2))) void test_skip(const char *fmt, ...);

#endif

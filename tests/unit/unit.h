/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every host unit test includes: cmocka and its prerequisites.
 *
 * Test names read unit__scenario__expected.
 */
#ifndef HWBP_UNIT_H
#define HWBP_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* HWBP_UNIT_H */

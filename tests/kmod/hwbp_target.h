/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The functions of hwbp_target.c that tests probe by name. They are global
 * and out of line so that kallsyms names them and a probe on one sees every
 * call with its arguments where the calling convention puts them; this
 * header gives them the declarations W=1 asks of global functions.
 */
#ifndef HWBP_TARGET_H
#define HWBP_TARGET_H

#include <linux/types.h>

void hwbp_target_take(void *obj);
void hwbp_target_drop(void *obj);
void hwbp_target_writer_a(u64 v);
void hwbp_target_writer_b(u64 v);
void hwbp_target_bench_fn(u64 v);

#endif /* HWBP_TARGET_H */

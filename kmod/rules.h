/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure validation rules shared by the module and the host unit tests.
 *
 * Nothing here touches kernel state: every function takes plain values and
 * returns an HWBP_R_* reason, so that the same code decides in the kernel
 * and is tested exhaustively on the host (tests/unit/test_rules.c).
 */
#ifndef HWBP_RULES_H
#define HWBP_RULES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
typedef __u32 u32;
typedef __u64 u64;
#endif
#include <linux/hwbp.h>

/* Longest symbol name kallsyms keeps (KSYM_NAME_LEN in 6.1). */
#define HWBP_SYM_MAX	512
/*
 * Longest data range a watch may ask for. Far more than 4 registers can
 * cover; it bounds the work of counting the pieces a refusal reports.
 */
#define HWBP_RANGE_MAX	4096

u32 hwbp_parse_target(const char *target, char *sym, size_t symlen,
		      u64 *offset);
u32 hwbp_check_access(u64 addr, u32 type, u32 len, u32 exec_len, u64 *arg);
u32 hwbp_split_range(u64 addr, u32 len, struct hwbp_piece *pieces, u32 max);
u32 hwbp_default_len(u64 addr, u32 type, u32 exec_len, u64 sym_size,
		     u64 sym_off, bool *guessed);
bool hwbp_parse_sprint(const char *buf, u64 *off, u64 *size);
u32 hwbp_parse_on(const char *s, char *name, size_t namelen, u32 *arg,
		  u64 *off, bool with_off);

#endif /* HWBP_RULES_H */

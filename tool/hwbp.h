/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hwbp tool: what the command files and helpers share.
 *
 * Layering: main.c and the command files (watch.c, info.c) are the only
 * code that prints. Helpers return a negative errno or an HWBP_R_* reason;
 * pure helpers that refuse an argument also write the sentence to print
 * into a caller's buffer (@why), so that the words are unit-tested without
 * any I/O.
 */
#ifndef HWBP_TOOL_H
#define HWBP_TOOL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/hwbp.h>

#define HWBP_TOOL_VERSION	"0.1.0"

/* Environment variable naming the device to use instead of HWBP_DEVICE. */
#define HWBP_DEVICE_ENV		"HWBP_DEVICE"
/* Environment variable naming the kallsyms file (tests: a fake one). */
#define HWBP_KALLSYMS_ENV	"HWBP_KALLSYMS"
#define HWBP_KALLSYMS		"/proc/kallsyms"
/* Below this, an address is a user address and is never symbolized. */
#define HWBP_USER_TOP		0x800000000000ULL

/* For sentences about the debug registers. */
#if defined(__x86_64__) || defined(__i386__)
#define HWBP_ARCH		"x86"
#else
#define HWBP_ARCH		"this machine"
#endif

/* Room for any sentence the helpers write. */
#define HWBP_WHY_MAX		512

/* Exit status of the process, returned by command handlers. */
enum {
	HWBP_EXIT_OK	= 0,
	HWBP_EXIT_FAIL	= 1,	/* the operation was tried and failed */
	HWBP_EXIT_USAGE	= 2,	/* the arguments were wrong; nothing was tried */
};

/*
 * A command handler.
 *
 * @argc/@argv: the command's arguments, argv[0] being the command name.
 * Return: the process exit status, HWBP_EXIT_OK, HWBP_EXIT_FAIL or
 * HWBP_EXIT_USAGE. Every argument is validated before the device is opened,
 * so that misuse returns HWBP_EXIT_USAGE even where the module is not
 * loaded. The handler prints its own output and errors ("hwbp: <sentence>"
 * on stderr); "--help" prints usage to stdout and returns HWBP_EXIT_OK.
 */
typedef int (*hwbp_cmd_fn)(int argc, char **argv);

/* main.c: global state and the command layer's shared helpers */
extern bool hwbp_json;
struct option;
void hwbp_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int hwbp_getopt(int argc, char **argv, const char *shortopts,
		const struct option *longopts, const char *cmd);
int hwbp_open(struct hwbp_info *info, bool check_abi);

/*
 * Following (hits -f, monitor): SIGINT and SIGTERM set hwbp_stopping, for
 * the loop to end with exit 0, instead of killing the process. Installed
 * without SA_RESTART, so that a sleep or poll() returns at once.
 */
struct hwbp_stop {
	struct sigaction old_int, old_term;
};
extern volatile sig_atomic_t hwbp_stopping;
void hwbp_stop_catch(struct hwbp_stop *saved);
void hwbp_stop_release(const struct hwbp_stop *saved);

/* watch.c, info.c, hits.c: commands */
int hwbp_cmd_add(int argc, char **argv);
int hwbp_cmd_del(int argc, char **argv);
int hwbp_cmd_list(int argc, char **argv);
int hwbp_cmd_info(int argc, char **argv);
int hwbp_cmd_hits(int argc, char **argv);
int hwbp_cmd_stacks(int argc, char **argv);
int hwbp_cmd_counts(int argc, char **argv);
int hwbp_cmd_clear(int argc, char **argv);
int hwbp_cmd_probe(int argc, char **argv);
int hwbp_cmd_monitor(int argc, char **argv);

/* dev.c: the device; every function returns 0 (or an fd) or -errno */
const char *hwbp_dev_path(void);
int hwbp_dev_open(void);
int hwbp_dev_info(int fd, struct hwbp_info *info);
int hwbp_dev_add(int fd, struct hwbp_add *add, struct hwbp_piece **pieces,
		 size_t *count);
int hwbp_dev_del(int fd, __u32 id, __u32 flags);
int hwbp_dev_list(int fd, struct hwbp_watch **watches, size_t *count);
int hwbp_dev_pieces(int fd, __u32 id, struct hwbp_piece **pieces,
		    size_t *count);
int hwbp_dev_slots(int fd, __u32 hint, struct hwbp_cpu_slots **cpus,
		   size_t *count);
int hwbp_dev_hits(int fd, __u32 id, __u64 start_seq, struct hwbp_record *recs,
		  __u32 room, __u32 *n, __u64 *next_seq);
int hwbp_dev_stacks(int fd, __u32 id, struct hwbp_stack **stacks,
		    size_t *count, __u64 *dropped);
int hwbp_dev_counts(int fd, __u32 id, __u32 by, struct hwbp_count **entries,
		    size_t *count, __u64 *overflow);
int hwbp_dev_clear(int fd, __u32 id, __u32 flags);

/* parse.c: pure argument parsing; 0, or -EINVAL with a sentence in @why */
struct hwbp_add_args {
	const char *target;	/* TARGET, NULL when missing */
	const char *type;	/* -t, NULL for w */
	const char *len;	/* -l, NULL for the default */
	const char *cpu;	/* --cpu, or NULL */
	const char *percpu;	/* --percpu, or NULL */
	const char *pid;	/* -p, or NULL */
	bool log;		/* --log */
	bool dry_run;		/* --dry-run */
	bool count_only;	/* --count-only: no HWBP_WATCH_RECORD */
	bool stack;		/* --stack */
	bool oneshot;		/* --oneshot */
	bool changed;		/* --changed */
	const char *max_hits;	/* --max-hits, or NULL */
	const char *if_value;	/* --if-value "==V" or "!=V", or NULL */
	const char *allow;	/* --allow "f1,f2", or NULL */
	const char *on;		/* --on "func:argN[+off]", or NULL */
	const char *until;	/* --until "func:argN", or NULL */
};
struct hwbp_probe_args {
	const char *func;	/* FUNC, NULL when missing */
	bool ret;		/* --ret: a kretprobe */
	const char *by;		/* --by, NULL for comm */
	const char *arg;	/* --arg "N[:u64|:str|:ustr]", or NULL */
	bool count_only;	/* --count-only: no HWBP_WATCH_RECORD */
};
int hwbp_parse_type(const char *s, __u32 *type, bool *widened,
		    char *why, size_t whylen);
int hwbp_parse_len(const char *s, __u32 *len, char *why, size_t whylen);
int hwbp_parse_id(const char *s, __u32 *id, char *why, size_t whylen);
int hwbp_parse_cpu(const char *s, const char *opt, __u32 *cpu,
		   char *why, size_t whylen);
int hwbp_parse_percpu(const char *s, struct hwbp_watch *w,
		      char *why, size_t whylen);
int hwbp_parse_pid(const char *s, __s32 *pid, char *why, size_t whylen);
int hwbp_parse_target_arg(const char *s, struct hwbp_watch *w,
			  char *why, size_t whylen);
int hwbp_parse_add(const struct hwbp_add_args *a, struct hwbp_watch *w,
		   bool *widened, char *why, size_t whylen);
int hwbp_parse_count(const char *s, const char *opt, unsigned long long *n,
		     char *why, size_t whylen);
int hwbp_parse_if_value(const char *s, struct hwbp_watch *w,
			char *why, size_t whylen);
int hwbp_parse_allow(const char *s, struct hwbp_watch *w,
		     char *why, size_t whylen);
int hwbp_parse_by(const char *s, __u32 *by, char *why, size_t whylen);
const char *hwbp_by_name(__u32 by);
int hwbp_parse_on_opt(const char *s, const char *opt, bool off_ok,
		      char *dst, char *why, size_t whylen);
int hwbp_parse_arg(const char *s, struct hwbp_watch *w,
		   char *why, size_t whylen);
int hwbp_parse_probe_by(const char *s, bool ret, struct hwbp_watch *w,
			char *why, size_t whylen);
int hwbp_parse_probe(const struct hwbp_probe_args *a, struct hwbp_watch *w,
		     char *why, size_t whylen);
const char *hwbp_arg_kind_name(__u32 kind);

/* errors.c: sentences, written into @buf, which is returned */
enum hwbp_op {
	HWBP_OP_OPEN,
	HWBP_OP_INFO,
	HWBP_OP_ADD,
	HWBP_OP_DEL,
	HWBP_OP_LIST,
	HWBP_OP_PIECES,
	HWBP_OP_SLOTS,
	HWBP_OP_HITS,
	HWBP_OP_STACKS,
	HWBP_OP_COUNTS,
	HWBP_OP_CLEAR,
};
const char *hwbp_reason_str(char *buf, size_t len, const struct hwbp_add *add,
			    __u32 slots_per_cpu);
const char *hwbp_add_str(char *buf, size_t len, const struct hwbp_add *add,
			 int err, __u32 slots_per_cpu);
const char *hwbp_errno_str(char *buf, size_t len, enum hwbp_op op, int err,
			   const char *dev, __u32 id);
const char *hwbp_abi_str(char *buf, size_t len, __u32 module_abi);

/* format.c: pure formatting of watches for the table and for JSON */
int hwbp_num_width(unsigned long long v);
struct hwbp_table {
	int id, type, len, regs, addr, where, hits, target;	/* column widths */
};
struct hwbp_jw;
const char *hwbp_type_name(__u32 type);
bool hwbp_is_probe(const struct hwbp_watch *w);
bool hwbp_on_waiting(const struct hwbp_watch *w);
const char *hwbp_state_name(__u32 state);
const char *hwbp_flags_str(char *buf, size_t len, __u32 flags);
const char *hwbp_where_str(char *buf, size_t len, const struct hwbp_watch *w);
const char *hwbp_piece_cpu_str(char *buf, size_t len,
			       const struct hwbp_piece *p);
int hwbp_pieces_cpu_width(const struct hwbp_piece *p, size_t n);
int hwbp_piece_row(char *buf, size_t len, const char *indent, int cpu_width,
		   const struct hwbp_piece *p);
void hwbp_json_piece(struct hwbp_jw *j, const struct hwbp_piece *p);
int hwbp_slots_cpu_width(const struct hwbp_cpu_slots *c, size_t n);
int hwbp_slots_header(char *buf, size_t len, int cpu_width);
int hwbp_slots_row(char *buf, size_t len, int cpu_width,
		   const struct hwbp_cpu_slots *c);
void hwbp_json_slots(struct hwbp_jw *j, const struct hwbp_cpu_slots *c);
void hwbp_table_widths(struct hwbp_table *t, const struct hwbp_watch *w,
		       size_t n);
int hwbp_table_header(char *buf, size_t len, const struct hwbp_table *t);
int hwbp_table_row(char *buf, size_t len, const struct hwbp_table *t,
		   const struct hwbp_watch *w);
void hwbp_json_watch(struct hwbp_jw *j, const struct hwbp_watch *w);
void hwbp_json_watch_fields(struct hwbp_jw *j, const struct hwbp_watch *w);
const char *hwbp_filter_str(char *buf, size_t len, const struct hwbp_watch *w);
int hwbp_record_stats(char *buf, size_t len, const struct hwbp_watch *w);
const char *hwbp_time_str(char *buf, size_t len, __u64 ns);
const char *hwbp_comm_str(char *buf, size_t len, const char *comm);
const char *hwbp_rec_kind(const struct hwbp_record *r);
int hwbp_record_line(char *buf, size_t len, const struct hwbp_record *r,
		     const struct hwbp_watch *w, bool hex);
void hwbp_json_record(struct hwbp_jw *j, const struct hwbp_record *r,
		      const struct hwbp_watch *w);
void hwbp_json_record_fields(struct hwbp_jw *j, const struct hwbp_record *r,
			     const struct hwbp_watch *w);
const char *hwbp_quote_str(char *buf, size_t len, const char *s, size_t max);
const char *hwbp_log2_range(char *buf, size_t len, long long k);
int hwbp_hist_row(char *buf, size_t len, int label_width, int count_width,
		  const char *label, __u64 count, __u64 max);
int hwbp_drops_str(char *buf, size_t len, const struct hwbp_watch *w);

/* ksym.c: kernel addresses to "sym+0xoff/0xsize [module]" */
const char *hwbp_ksym_str(char *buf, size_t len, __u64 addr);
bool hwbp_ksym_find(__u64 addr, const char **name, const char **mod,
		    __u64 *off, __u64 *size);
void hwbp_ksym_free(void);

/*
 * event.c: the generic netlink messages of family HWBP_GENL_NAME, parsed
 * and worded for hwbp monitor (libnl's parsing; no I/O)
 */
struct nlmsghdr;
struct nlattr;
struct hwbp_event {
	__u8 cmd;		/* HWBP_CMD_HIT or HWBP_CMD_EVENT */
	__u32 event;		/* HWBP_EV_*, for HWBP_CMD_EVENT */
	__u32 id;		/* the watch; 0 for HWBP_EV_UNLOADING */
	__u64 suppressed;	/* HWBP_CMD_HIT: hits not sent before this one */
	char target[HWBP_TARGET_MAX];	/* HWBP_CMD_EVENT, or empty */
	struct hwbp_record rec;	/* HWBP_CMD_HIT */
};
enum hwbp_genl_step {
	HWBP_GENL_CONNECT,
	HWBP_GENL_FAMILY,
	HWBP_GENL_GROUP,
	HWBP_GENL_JOIN,
	HWBP_GENL_RECV,
};
struct hwbp_jw;
int hwbp_event_from_attrs(struct hwbp_event *ev, __u8 cmd, struct nlattr **tb);
int hwbp_event_parse(struct nlmsghdr *nlh, struct hwbp_event *ev);
const char *hwbp_event_name(__u32 event);
int hwbp_event_line(char *buf, size_t len, const struct hwbp_event *ev);
int hwbp_suppressed_line(char *buf, size_t len, __u32 id, __u64 n);
void hwbp_json_event(struct hwbp_jw *j, const struct hwbp_event *ev,
		     const struct hwbp_watch *w);
const char *hwbp_genl_str(char *buf, size_t len, enum hwbp_genl_step step,
			  int err);

/* json.c: a tiny streaming JSON writer (compact, one document a line) */
#define HWBP_JW_DEPTH	16
struct hwbp_jw {
	FILE *out;
	int depth;
	bool need_comma[HWBP_JW_DEPTH];
	bool after_key;
};
void hwbp_jw_init(struct hwbp_jw *j, FILE *out);
void hwbp_jw_end(struct hwbp_jw *j);
void hwbp_jw_object(struct hwbp_jw *j);
void hwbp_jw_object_end(struct hwbp_jw *j);
void hwbp_jw_array(struct hwbp_jw *j);
void hwbp_jw_array_end(struct hwbp_jw *j);
void hwbp_jw_key(struct hwbp_jw *j, const char *key);
void hwbp_jw_string(struct hwbp_jw *j, const char *s);
void hwbp_jw_uint(struct hwbp_jw *j, unsigned long long v);
void hwbp_jw_int(struct hwbp_jw *j, long long v);
void hwbp_jw_bool(struct hwbp_jw *j, bool v);
void hwbp_jw_null(struct hwbp_jw *j);
void hwbp_jw_addr(struct hwbp_jw *j, __u64 addr);
void hwbp_jw_escape(FILE *out, const char *s);

/* Kernel-only integer types have no place in the tool (as in bpftool). */
#pragma GCC poison u8 u16 u32 u64 s8 s16 s32 s64

#endif /* HWBP_TOOL_H */

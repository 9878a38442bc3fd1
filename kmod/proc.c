// SPDX-License-Identifier: GPL-2.0
/*
 * Process watches: user memory of one process, in every thread.
 *
 * A task-bound perf breakpoint watches one thread, and with attr.inherit it
 * is copied into every thread or child that thread creates afterwards. So
 * each thread alive when the watch is added gets its own event (a new
 * thread created meanwhile is found by the next pass over the thread list),
 * and every later thread inherits one. The inherited copies call the same
 * handler with the same watch, so the counts stay exact.
 *
 * When the process is dead, its pid's wait_pidfd queue is woken (what makes
 * a pidfd readable); the watch then releases its events from a work item
 * and shows HWBP_STATE_EXITED, its hits kept.
 *
 * Known gap: a thread created by a thread in the instant before that thread
 * gets its breakpoint is linked into the thread list after perf copied the
 * (still missing) events, and may be missed by the last pass. Threads
 * created once every thread is armed always inherit.
 */
#include <linux/hw_breakpoint.h>
#include <linux/mm.h>
#include <linux/perf_event.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "compat.h"
#include "hwbp.h"

/**
 * struct hwbp_tev - one thread's breakpoint for one piece
 * @node:	in hwbp_proc.events
 * @task:	the thread, referenced so that its pointer is not reused
 * @bp:		the perf event
 */
struct hwbp_tev {
	struct list_head node;
	struct task_struct *task;
	struct perf_event *bp;
};

static void release_events(struct hwbp_wp *wp)
{
	struct hwbp_tev *tev, *tmp;

	list_for_each_entry_safe(tev, tmp, &wp->proc->events, node) {
		/* Also frees the copies inherited by later threads. */
		unregister_hw_breakpoint(tev->bp);
		put_task_struct(tev->task);
		list_del(&tev->node);
		kfree(tev);
	}
}

/*
 * The whole process is dead: its leader is gone, or a zombie with no
 * thread left. (The kernel's thread_group_exited() said the same until
 * 6.12 removed it.)
 */
static bool group_exited(struct pid *pid)
{
	struct task_struct *task;
	bool exited;

	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	exited = !task ||
		 (READ_ONCE(task->exit_state) && thread_group_empty(task));
	rcu_read_unlock();
	return exited;
}

static void exit_work(struct work_struct *work)
{
	struct hwbp_proc *proc = container_of(work, struct hwbp_proc,
					      exit_work);
	struct hwbp_wp *wp = proc->exit_wait.private;

	hwbp_watch_lock();
	/*
	 * wait_pidfd is also woken when a traced leader exits while other
	 * threads live on; only a whole dead group ends the watch. The entry
	 * stays queued for the real end.
	 */
	if (hwbp_watch_find(wp->id) == wp && wp->state == HWBP_STATE_ARMED &&
	    group_exited(proc->pid)) {
		release_events(wp);
		wp->state = HWBP_STATE_EXITED;
		pr_info("watch %u: process %d exited; %llu hits\n", wp->id,
			proc->nr, hwbp_hits_total(wp));
		hwbp_nl_event(HWBP_EV_EXITED, wp);
	}
	hwbp_watch_unlock();
}

/* wait_pidfd wakeup: the process is dead. Atomic context: defer. */
static int exit_wake(struct wait_queue_entry *wait, unsigned int mode,
		     int sync, void *key)
{
	struct hwbp_wp *wp = wait->private;

	schedule_work(&wp->proc->exit_work);
	return 0;
}

typedef bool (*ptrace_may_access_t)(struct task_struct *task,
				    unsigned int mode);
static ptrace_may_access_t ptrace_may_access_fn;

/* ptrace_may_access() is not exported: found by name, once. */
void hwbp_proc_init(void)
{
	ptrace_may_access_fn =
		(ptrace_may_access_t)hwbp_sym_lookup("ptrace_may_access");
}

/*
 * A process watch reads and traps the process's memory as a debugger
 * would: the caller must be allowed to attach to it as one (credentials,
 * Yama, LSMs). perf_event_open() asks only for read access for a
 * task-bound event; hwbp also reads the watched memory and the user
 * stack, hence attach. Without the lookup, only CAP_SYS_PTRACE will do.
 */
static bool may_ptrace(struct task_struct *task)
{
	if (ptrace_may_access_fn)
		return ptrace_may_access_fn(task,
					    PTRACE_MODE_ATTACH_REALCREDS);
	return capable(CAP_SYS_PTRACE);
}

static bool vma_exec(struct task_struct *task, u64 addr)
{
	struct mm_struct *mm = get_task_mm(task);
	struct vm_area_struct *vma;
	bool exec = false;

	if (!mm)
		return false;
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start <= addr && (vma->vm_flags & VM_EXEC))
		exec = true;
	mmap_read_unlock(mm);
	mmput(mm);
	return exec;
}

/**
 * hwbp_proc_prepare() - find the process and check the address against it
 * @wp:		the watch: type, address and length set
 * @nr:		the pid (any thread's) as the user gave it
 * @why:	filled when refused
 *
 * Return: 0, -ESRCH, -EINVAL or -ENOMEM.
 */
int hwbp_proc_prepare(struct hwbp_wp *wp, pid_t nr, struct hwbp_refusal *why)
{
	struct task_struct *task = NULL;
	struct hwbp_proc *proc;
	struct pid *pid;
	int ret = 0;

	if (wp->addr >= TASK_SIZE_MAX) {
		why->reason = HWBP_R_KERNEL_ADDR;
		return -EINVAL;
	}
	pid = nr > 0 ? find_get_pid(nr) : NULL;
	if (pid) {
		task = get_pid_task(pid, PIDTYPE_PID);
		put_pid(pid);
	}
	if (!task) {
		why->reason = HWBP_R_NO_PROCESS;
		why->arg = nr;
		return -ESRCH;
	}
	if (!may_ptrace(task)) {
		why->reason = HWBP_R_NO_PTRACE;
		why->arg = nr;
		ret = -EPERM;
		goto out;
	}
	if (wp->type == HWBP_TYPE_X && !vma_exec(task, wp->addr)) {
		why->reason = HWBP_R_NOT_EXEC;
		why->arg = nr;
		ret = -EINVAL;
		goto out;
	}
	proc = kzalloc(sizeof(*proc), GFP_KERNEL);
	if (!proc) {
		ret = -ENOMEM;
		goto out;
	}
	proc->pid = get_task_pid(task->group_leader, PIDTYPE_PID);
	proc->nr = nr;
	INIT_LIST_HEAD(&proc->events);
	INIT_WORK(&proc->exit_work, exit_work);
	init_waitqueue_func_entry(&proc->exit_wait, exit_wake);
	proc->exit_wait.private = wp;
	wp->proc = proc;
out:
	put_task_struct(task);
	return ret;
}

/* A live thread of @leader's group without events yet, referenced. */
static struct task_struct *next_thread_todo(struct hwbp_wp *wp,
					    struct task_struct *leader)
{
	struct task_struct *t, *todo = NULL;
	struct hwbp_tev *tev;
	bool done;

	rcu_read_lock();
	for_each_thread(leader, t) {
		if (t->flags & PF_EXITING)
			continue;
		done = false;
		list_for_each_entry(tev, &wp->proc->events, node)
			if (tev->task == t)
				done = true;
		if (!done) {
			todo = t;
			get_task_struct(todo);
			break;
		}
	}
	rcu_read_unlock();
	return todo;
}

/*
 * The image watched: the address space of the threads armed, taken from
 * the first one that has it (a leader that exited early has none). The
 * exec_update_lock held by the caller keeps it from being replaced. Only
 * where hwbp_proc_foreign() needs it: elsewhere a watch would pin the mm
 * of a dead process until it is deleted.
 */
static void grab_mm(struct hwbp_proc *proc, struct task_struct *t)
{
	if (HWBP_HAVE_PERF_THREAD_INHERIT || proc->mm)
		return;
	task_lock(t);
	if (t->mm) {
		mmgrab(t->mm);
		/* Read by hwbp_proc_foreign() in #DB on other CPUs. */
		WRITE_ONCE(proc->mm, t->mm);
	}
	task_unlock(t);
}

static void drop_mm(struct hwbp_proc *proc)
{
	if (proc->mm)
		mmdrop(proc->mm);
	proc->mm = NULL;
}

/**
 * hwbp_proc_foreign() - is this hit not one of the process watched?
 * @proc: the process side of the watch that fired
 *
 * Where perf cannot keep a breakpoint to the threads of one image
 * (!HWBP_HAVE_PERF_THREAD_INHERIT, compat.h), it is copied into forked
 * children, vfork children included, and survives an exec. Their hits are
 * dropped here: another thread group, or another address space than the
 * one armed. Elsewhere perf makes no such copies, and hwbp_hit() does not
 * ask.
 *
 * Context: the hit handler (#DB): reads current and @proc only. @proc->mm
 * is set by the first thread armed that still has an address space, and
 * stays until the breakpoints are released; a thread armed before it has
 * none, and takes no user hits. Called only where
 * !HWBP_HAVE_PERF_THREAD_INHERIT (hwbp_hit()).
 * Return: true if the hit must not count.
 */
bool hwbp_proc_foreign(const struct hwbp_proc *proc)
{
	return current->mm != READ_ONCE(proc->mm) ||
	       task_tgid(current) != proc->pid;
}

static int arm_thread(struct hwbp_wp *wp, struct task_struct *t)
{
	struct perf_event_attr attr;
	struct hwbp_tev *tev;
	unsigned int i;

	hw_breakpoint_init(&attr);
	attr.bp_type = wp->type == HWBP_TYPE_W ? HW_BREAKPOINT_W :
		       wp->type == HWBP_TYPE_RW ? HW_BREAKPOINT_RW :
		       HW_BREAKPOINT_X;
	/*
	 * Threads created later inherit the breakpoint; forked children are
	 * other processes and do not. An exec replaces the memory watched,
	 * so the breakpoints go with it.
	 */
	hwbp_attr_threads_only(&attr);
	for (i = 0; i < wp->nr_pieces; i++) {
		tev = kzalloc(sizeof(*tev), GFP_KERNEL);
		if (!tev)
			return -ENOMEM;
		attr.bp_addr = wp->pieces[i].addr;
		attr.bp_len = wp->pieces[i].len;
		tev->bp = perf_event_create_kernel_counter(&attr, -1, t,
							   hwbp_hit, wp);
		if (IS_ERR(tev->bp)) {
			int ret = PTR_ERR(tev->bp);

			kfree(tev);
			return ret;
		}
		get_task_struct(t);
		tev->task = t;
		list_add_tail(&tev->node, &wp->proc->events);
	}
	return 0;
}

/**
 * hwbp_proc_arm() - arm a process watch on every thread
 * @wp:		the watch, prepared by hwbp_proc_prepare()
 * @why:	filled when refused
 *
 * Context: process context, with hwbp_watches_lock held.
 * Return: 0, or a negative errno with nothing armed.
 */
int hwbp_proc_arm(struct hwbp_wp *wp, struct hwbp_refusal *why)
{
	struct task_struct *first, *leader = NULL, *t;
	struct signal_struct *sig;
	int ret;

	first = get_pid_task(wp->proc->pid, PIDTYPE_PID);
	if (!first) {
		why->reason = HWBP_R_NO_PROCESS;
		why->arg = wp->proc->nr;
		return -ESRCH;
	}
	/*
	 * As perf_event_open() does: no exec (of a setuid program, say) may
	 * come between the ptrace checks and the breakpoints. The lock is the
	 * process's (an exec keeps its signal_struct; @first's reference
	 * keeps it alive). An exec by another thread may have given that
	 * thread the pid before we got the lock: the leader is looked up
	 * again under it, and every thread armed is checked, as perf checks
	 * the task it attaches to.
	 */
	sig = first->signal;
	ret = down_read_killable(&sig->exec_update_lock);
	if (ret)
		goto out;
	leader = get_pid_task(wp->proc->pid, PIDTYPE_PID);
	if (!leader || leader->signal != sig) {
		why->reason = HWBP_R_NO_PROCESS;
		why->arg = wp->proc->nr;
		ret = -ESRCH;
		goto unlock;
	}
	hwbp_rec_shadow_init(wp, leader);
	while ((t = next_thread_todo(wp, leader))) {
		if (!may_ptrace(t)) {
			put_task_struct(t);
			why->reason = HWBP_R_NO_PTRACE;
			why->arg = wp->proc->nr;
			ret = -EPERM;
			break;
		}
		grab_mm(wp->proc, t);
		ret = arm_thread(wp, t);
		put_task_struct(t);
		/* Started exiting since the scan: it is skipped next time. */
		if (ret == -ESRCH)
			ret = 0;
		if (ret)
			break;
	}
	if (!ret && list_empty(&wp->proc->events)) {
		/* Every thread was already exiting. */
		why->reason = HWBP_R_NO_PROCESS;
		why->arg = wp->proc->nr;
		ret = -ESRCH;
	}
unlock:
	up_read(&sig->exec_update_lock);
out:
	if (leader)
		put_task_struct(leader);
	put_task_struct(first);
	if (ret) {
		if (ret == -ENOSPC) {
			why->reason = HWBP_R_NO_SLOT;
			why->arg = wp->nr_pieces;
		} else if (!why->reason) {
			why->reason = HWBP_R_KERNEL;
			why->arg = -ret;
		}
		release_events(wp);
		drop_mm(wp->proc);
		return ret;
	}
	add_wait_queue(&wp->proc->pid->wait_pidfd, &wp->proc->exit_wait);
	wp->proc->queued = true;
	/* Dead already, before the waiter was queued? Then no wakeup comes. */
	if (group_exited(wp->proc->pid))
		schedule_work(&wp->proc->exit_work);
	return 0;
}

/**
 * hwbp_proc_stop() - release the breakpoints of a watch that reached its
 * max_hits; the process side stays until the watch is deleted
 * @wp: the watch
 *
 * Context: hwbp_watches_lock held, state HWBP_STATE_ARMED.
 */
void hwbp_proc_stop(struct hwbp_wp *wp)
{
	release_events(wp);
}

/**
 * hwbp_proc_destroy() - stop watching and free the process side
 * @wp: the watch, already out of the watch table
 *
 * Context: process context, without hwbp_watches_lock (the exit work
 * takes it).
 */
void hwbp_proc_destroy(struct hwbp_wp *wp)
{
	struct hwbp_proc *proc = wp->proc;

	if (!proc)
		return;
	if (proc->queued)
		remove_wait_queue(&proc->pid->wait_pidfd, &proc->exit_wait);
	cancel_work_sync(&proc->exit_work);
	if (wp->state == HWBP_STATE_ARMED)
		release_events(wp);
	drop_mm(proc);
	put_pid(proc->pid);
	kfree(proc);
	wp->proc = NULL;
}

/* SPDX-License-Identifier: ISC */
/*
 * CPU exceptions on the hosted platform. The kernel turns them into
 * signals (a page fault into SIGSEGV or SIGBUS, #UD into SIGILL, #DE into
 * SIGFPE); the handler runs on the exception stack of entry.S (the
 * alternate signal stack, so that a stack overflow can be reported),
 * copies the signal frame's registers, trap number, error code and
 * faulting address into a struct uni_trap_frame and prints the same dump a
 * VM prints (rt/arch/x86_64/trap.c), then ends the process with
 * UNI_EXIT_CRASH. The guard pages below both stacks become inaccessible.
 * Under gdb the debugger sees the signal first and stops there.
 */
#include <asm/sigcontext.h>
#include <asm/signal.h>
#include <asm/ucontext.h>
#include <linux/mman.h>

#include "arch/x86_64/trap.h"
#include "boot/internal.h"
#include "hosted/hosted.h"
#include "hosted/sys.h"
#include "uni/boot.h"

/*
 * The signal trampoline the kernel returns through (SA_RESTORER, which
 * x86-64 requires). The fault handlers never return, so it is never
 * reached; it is here because the ABI wants one.
 */
__attribute__((naked)) static void hosted_sigreturn(void)
{
	__asm__ volatile("movl %0, %%eax\n\tsyscall\n\tud2"
			 :
			 : "i"(__NR_rt_sigreturn));
}

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};

static void frame_from(struct uni_trap_frame *f, const struct sigcontext *s)
{
	f->r8 = s->r8;
	f->r9 = s->r9;
	f->r10 = s->r10;
	f->r11 = s->r11;
	f->r12 = s->r12;
	f->r13 = s->r13;
	f->r14 = s->r14;
	f->r15 = s->r15;
	f->rdi = s->rdi;
	f->rsi = s->rsi;
	f->rbp = s->rbp;
	f->rbx = s->rbx;
	f->rdx = s->rdx;
	f->rax = s->rax;
	f->rcx = s->rcx;
	f->rsp = s->rsp;
	f->rip = s->rip;
	f->rflags = s->eflags;
	f->cs = s->cs;
	f->ss = s->ss;
	f->vector = s->trapno;
	f->error_code = s->err;
}

static void on_fault(int sig, void *info, void *context)
{
	const struct ucontext *uc = context;
	struct uni_trap_frame f;

	frame_from(&f, &uc->uc_mcontext);
	uni_trap_report(&f, uc->uc_mcontext.cr2);
}

static void protect_guard(char *guard)
{
	long r =
	    sys_call3(__NR_mprotect, (long)guard, UNI_GUARD_SIZE, PROT_NONE);

	if (r != 0)
		uni_panic("mprotect of the stack guard page at %p: error %ld",
			  (void *)guard, -r);
}

void uni_hosted_traps_init(void)
{
	stack_t alt = {
	    .ss_sp = uni_trap_stack_bottom,
	    .ss_size = (size_t)(uni_trap_stack_top - uni_trap_stack_bottom),
	};
	struct sigaction sa = {
	    .sa_handler = (__sighandler_t)(void (*)(void))on_fault,
	    .sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_NODEFER,
	    .sa_restorer = hosted_sigreturn,
	};
	long r;

	protect_guard(uni_boot_stack_guard);
	protect_guard(uni_trap_stack_guard);
	r = sys_call3(__NR_sigaltstack, (long)&alt, 0, 0);
	if (r != 0)
		uni_panic("sigaltstack: error %ld", -r);
	for (unsigned i = 0; i < sizeof(fatal_signals) / sizeof(int); i++) {
		r = sys_call6(__NR_rt_sigaction, fatal_signals[i], (long)&sa, 0,
			      sizeof(sa.sa_mask), 0, 0);
		if (r != 0)
			uni_panic("rt_sigaction(%d): error %ld",
				  fatal_signals[i], -r);
	}
}

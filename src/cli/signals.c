/*
 * signals.c - SIGINT and SIGTERM during a run that explores: the first one
 * asks for a clean stop after the current execution (ex_request_stop():
 * the checkpoint, if any, written; -j workers told and waited for), and
 * the command exits 128 + the signal's number, as a process killed by it
 * would; a second one kills as usual.
 */
#include <signal.h>
#include <string.h>

#include "cli.h"

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	if (!stop_signal)
		stop_signal = sig;
	ex_request_stop();
	signal(sig, SIG_DFL);
}

void cli_stop_on_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupted_exit(void)
{
	return 128 + (stop_signal ? stop_signal : SIGINT);
}

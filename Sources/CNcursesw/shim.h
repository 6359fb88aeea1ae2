#ifndef QM_CNCURSESW_SHIM_H
#define QM_CNCURSESW_SHIM_H

// Wide-character API (get_wch, cchar_t, setcchar). SwiftPM drops pkg-config's
// _XOPEN_SOURCE flags, so ask for it here.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <signal.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <ncurses.h>

extern int wcwidth(wchar_t);

// Swift 6 refuses to read C globals and NCURSES_BITS macros: accessors instead.
static inline WINDOW *qm_stdscr(void) { return stdscr; }
static inline int qm_lines(void) { return LINES; }
static inline int qm_cols(void) { return COLS; }
static inline int qm_colors(void) { return COLORS; }
static inline int qm_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t qm_a_normal(void) { return A_NORMAL; }
static inline attr_t qm_a_bold(void) { return A_BOLD; }
static inline attr_t qm_a_reverse(void) { return A_REVERSE; }
static inline attr_t qm_a_dim(void) { return A_DIM; }
static inline attr_t qm_a_underline(void) { return A_UNDERLINE; }
static inline int qm_key_resize(void) { return KEY_RESIZE; }
static inline int qm_key_code_yes(void) { return KEY_CODE_YES; }
static inline int qm_err(void) { return ERR; }

// Draws one cell: a base character plus up to four combining marks.
static inline int qm_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

// ---- Terminal restore on exit and on signals -------------------------------
// State lives here, in C, so signal handlers and atexit can reach it without
// touching Swift globals. Only TerminalKit calls these, so the per-translation-
// unit copies that `static` implies are not a problem.
static volatile sig_atomic_t qm_curses_active = 0;
static volatile sig_atomic_t qm_atexit_registered = 0;

// Marks curses as running (call right after initscr).
static inline void qm_curses_began(void) { qm_curses_active = 1; }

// endwin exactly once, whoever asks first (shutdown, atexit, signal handler).
static inline int qm_curses_end(void) {
    if (!qm_curses_active) return 0;
    qm_curses_active = 0;
    endwin();
    return 1;
}

static inline int qm_curses_is_active(void) { return qm_curses_active != 0; }

static void qm_atexit_handler(void) { (void)qm_curses_end(); }

static inline void qm_register_atexit(void) {
    if (qm_atexit_registered) return;
    qm_atexit_registered = 1;
    atexit(qm_atexit_handler);
}

// Restores the terminal, then lets the signal do what it would have done
// (terminate, dump core) by reinstating the default action and re-raising.
static void qm_restore_handler(int sig) {
    (void)qm_curses_end();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void qm_install_restore_handlers(void) {
    static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT,
                                SIGILL, SIGTRAP, SIGSEGV, SIGABRT, SIGBUS, SIGFPE };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = qm_restore_handler;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

// ---- Input ------------------------------------------------------------------
// wget_wch into a plain int: returns 0 (character), 1 (function key code) or -1
// (timeout / error), so Swift need not juggle wint_t and KEY_CODE_YES.
static inline int qm_read_key(int timeout_ms, unsigned int *value) {
    wint_t ch = 0;
    wtimeout(stdscr, timeout_ms);
    int r = wget_wch(stdscr, &ch);
    *value = (unsigned int)ch;
    if (r == KEY_CODE_YES) return 1;
    if (r == OK) return 0;
    return -1;
}

// Function-key codes (some are function-like macros, so wrap them all alike).
static inline int qm_key_up(void) { return KEY_UP; }
static inline int qm_key_down(void) { return KEY_DOWN; }
static inline int qm_key_left(void) { return KEY_LEFT; }
static inline int qm_key_right(void) { return KEY_RIGHT; }
static inline int qm_key_home(void) { return KEY_HOME; }
static inline int qm_key_end(void) { return KEY_END; }
static inline int qm_key_npage(void) { return KEY_NPAGE; }
static inline int qm_key_ppage(void) { return KEY_PPAGE; }
static inline int qm_key_enter(void) { return KEY_ENTER; }
static inline int qm_key_backspace(void) { return KEY_BACKSPACE; }
static inline int qm_key_dc(void) { return KEY_DC; }
static inline int qm_key_btab(void) { return KEY_BTAB; }
static inline int qm_key_f0(void) { return KEY_F0; }
static inline int qm_key_sleft(void) { return KEY_SLEFT; }
static inline int qm_key_sright(void) { return KEY_SRIGHT; }
static inline int qm_key_shome(void) { return KEY_SHOME; }
static inline int qm_key_send(void) { return KEY_SEND; }
static inline int qm_key_a1(void) { return KEY_A1; }
static inline int qm_key_a3(void) { return KEY_A3; }
static inline int qm_key_c1(void) { return KEY_C1; }
static inline int qm_key_c3(void) { return KEY_C3; }

// ---- Mouse ------------------------------------------------------------------
// Clicks and the wheel are reported (as KEY_MOUSE), so the terminal's mouse sequences
// never arrive as stray keys.
static inline int qm_mouse_on(void) {
    mouseinterval(0);
    // Releases are asked for too: ncurses waits, past any timeout, after an event it was not asked for.
    return mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL) != 0;
}
static inline int qm_key_mouse(void) { return KEY_MOUSE; }
// The event behind a KEY_MOUSE: 1 button 1 pressed, 2 wheel up, 3 wheel down, 4 button 1
// released, 0 anything else.
static inline int qm_read_mouse(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return 0;
    *x = e.x; *y = e.y;
    if (e.bstate & BUTTON4_PRESSED) return 2;
    if (e.bstate & BUTTON5_PRESSED) return 3;
    if (e.bstate & BUTTON1_PRESSED) return 1;
    if (e.bstate & BUTTON1_RELEASED) return 4;
    return 0;
}

// ---- Start ------------------------------------------------------------------
// Like initscr, but returns 0 instead of exiting when the terminal type is unknown.
static inline int qm_start_curses(void) {
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return 0;
    set_term(screen);
    return 1;
}
// Whether the locale's character set is UTF-8 (else box drawing falls back to ASCII).
static inline int qm_locale_is_utf8(void) {
    const char *set = nl_langinfo(CODESET);
    return set != NULL && (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0);
}

// ---- Output -----------------------------------------------------------------
static inline int qm_clear_ok(void) { return clearok(stdscr, TRUE); }
static inline int qm_refresh(void) { return wrefresh(stdscr); }
static inline int qm_erase(void) { return werase(stdscr); }
static inline int qm_keypad_on(void) { return keypad(stdscr, TRUE); }
static inline int qm_use_default_colors(void) { return use_default_colors(); }
static inline int qm_init_pair(int pair, int fg, int bg) { return init_pair((short)pair, (short)fg, (short)bg); }

#endif

# Installs qm, its manual pages and shell completions: make install PREFIX=$HOME/.local
PREFIX ?= /usr/local
BIN := $(PREFIX)/bin
MAN := $(PREFIX)/share/man/man1
MANUAL := .build/plugins/GenerateManual/outputs/qm

.PHONY: build install manual completions uninstall

build:
	swift build -c release

# One page per command (qm.1, qm.order.release.1, ...), from swift-argument-parser's plugin.
manual:
	swift package --allow-writing-to-package-directory generate-manual --multi-page

completions: build
	mkdir -p .build/completions
	.build/release/qm --generate-completion-script bash > .build/completions/qm.bash
	.build/release/qm --generate-completion-script zsh > .build/completions/_qm
	.build/release/qm --generate-completion-script fish > .build/completions/qm.fish

install: build manual completions
	install -d $(BIN) $(MAN) $(PREFIX)/share/bash-completion/completions $(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -m 755 .build/release/qm $(BIN)/qm
	install -m 644 $(MANUAL)/*.1 $(MAN)/
	install -m 644 .build/completions/qm.bash $(PREFIX)/share/bash-completion/completions/qm
	install -m 644 .build/completions/_qm $(PREFIX)/share/zsh/site-functions/_qm
	install -m 644 .build/completions/qm.fish $(PREFIX)/share/fish/vendor_completions.d/qm.fish

uninstall:
	rm -f $(BIN)/qm $(MAN)/qm.*1 $(PREFIX)/share/bash-completion/completions/qm \
	      $(PREFIX)/share/zsh/site-functions/_qm $(PREFIX)/share/fish/vendor_completions.d/qm.fish

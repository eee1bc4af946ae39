# pkadmin: the two commands a newcomer needs are `make dev` and `make test`.
# Everything the stack runs is fetched or built into $(PKADMIN_CACHE)
# (default ~/.cache/pkadmin) on first use and reused afterwards.

GO ?= go
STACK := $(GO) run ./cmd/pkstack

.PHONY: dev test fetch unit integration bench bench-offboard generate check-generated node_modules

## dev: run the real services with demo data and the portal on http://localhost:8080/admin
dev: fetch
	$(STACK) dev

## test: unit, integration (real Keycloak, MinIO, Kubernetes) and browser tests
test: fetch node_modules
	$(GO) vet ./...
	$(STACK) run -portal -- $(MAKE) --no-print-directory integration

# integration runs inside the stack that `test` started (it needs its
# environment); on its own it fails, never skips. Packages run one at a
# time because they share the stack (one package's users would show up
# in another's counts).
integration:
	$(GO) test -tags integration -count=1 -p 1 ./...
	npx playwright test -c web/e2e/playwright.config.ts

## bench: the users page (10,000 users) and a workspace's members page (1,020 members through
## 10 groups), each against the raw Keycloak calls it needs
bench: fetch
	$(STACK) run -- $(GO) test -tags integration -run '^$$' \
		-bench 'BenchmarkUsersPage|BenchmarkWorkspaceMembersPage' -benchtime 60x ./web/

## bench-offboard: offboard 50 seeded users in one bulk run against 50 one after another
bench-offboard: fetch
	$(STACK) run -- $(GO) test -tags integration -run '^$$' \
		-bench BenchmarkBulkOffboarding -benchtime 1x -timeout 30m ./internal/offboard/

## unit: the tests that need no service
unit:
	$(GO) test ./...

## fetch: fetch or build the pinned Keycloak, MinIO, etcd and Kubernetes
fetch:
	bash deploy/stack/fetch.sh

node_modules: package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

## generate: templ components and the CSS and JS bundles
generate: node_modules
	$(GO) tool templ generate
	npm run --silent build:assets

## check-generated: fail when generated files differ from the sources
check-generated: generate
	git diff --exit-code -- '*_templ.go' static/dist

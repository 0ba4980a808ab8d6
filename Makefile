# Atajos / shortcuts: the same as ./run.sh
.PHONY: serve build test
serve:
	./run.sh serve
build:
	./run.sh build
test:
	./run.sh test

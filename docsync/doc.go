// Package docsync keeps a replica's own index in step with the documents
// all replicas share: it follows the journal in PostgreSQL (package
// pgstate's documents table) from the position its index last applied,
// adding and removing as the journal says. A new or wiped replica starts
// from zero and so catches up with everything.
package docsync

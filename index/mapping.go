package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of a passage in Bleve.
const (
	fText      = "text"      // passage text: analysed, without term positions (firstStage); stored by indexes made before spans
	fSpan      = "span"      // where the passage is in its document's stored text (appendSpan)
	fTitle     = "title"     // document title: analysed, stored
	fDoc       = "doc"       // document id: keyword, for replacing a document's passages
	fSource    = "source"    // lowercased keyword, for source: filters
	fSourceRaw = "src"       // source as given, stored only
	fURL       = "url"       // stored only
	fPublished = "published" // datetime

	analyzerText   = en.AnalyzerName
	analyzerSource = "source_lower"
)

// newMapping describes passages. Every field is explicit (nothing dynamic)
// and nothing goes into _all: it would double indexing work for no use.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	if err := m.AddCustomAnalyzer(analyzerSource, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analyzerText
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = "bm25"

	text := func(analyzer string, store, vectors bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = vectors
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	date := func() *mapping.FieldMapping {
		f := mapping.NewDateTimeFieldMapping()
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	p := mapping.NewDocumentStaticMapping()
	p.AddFieldMappingsAt(fText, text(analyzerText, false, false))
	p.AddFieldMappingsAt(fSpan, stored())
	p.AddFieldMappingsAt(fTitle, stored())
	p.AddFieldMappingsAt(fDoc, text(keyword.Name, true, false))
	p.AddFieldMappingsAt(fSource, text(analyzerSource, false, false))
	p.AddFieldMappingsAt(fSourceRaw, stored())
	p.AddFieldMappingsAt(fURL, stored())
	p.AddFieldMappingsAt(fPublished, date())
	m.DefaultMapping = p
	return m, nil
}

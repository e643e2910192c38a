package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/neardup/neardup/dedup"
	"github.com/neardup/neardup/index"
)

// openIndex opens the index at path with the parameters it was created with. A missing file
// is created with the parameters of pf when create is set; parameter flags given for an
// existing index must agree with it.
func openIndex(path string, pf *paramFlags, create, readOnly bool) (*index.Index, dedup.Params, error) {
	if path == "" {
		return nil, dedup.Params{}, usageError{"--index FILE is required"}
	}
	if pf.fs != nil { // a command without parameter flags reads them all from the index
		if err := pf.check(); err != nil {
			return nil, dedup.Params{}, err
		}
	}
	cfg, err := index.ReadConfig(path, nil)
	var p dedup.Params
	switch {
	case errors.Is(err, fs.ErrNotExist) && create:
		p = pf.params()
		if err := p.Validate(); err != nil {
			return nil, p, usageError{err.Error()}
		}
	case err != nil:
		return nil, p, err
	default:
		if err := json.Unmarshal(cfg.Params, &p); err != nil {
			return nil, p, fmt.Errorf("index %s: parameters: %w", path, err)
		}
		if pf.changed() {
			given, _ := json.Marshal(pf.params().WithDefaults())
			if string(given) != string(cfg.Params) {
				return nil, p, fmt.Errorf("%w: the index's are fixed when it is created:\n  index: %s\n  flags: %s",
					index.ErrParamsMismatch, cfg.Params, given)
			}
		}
	}
	cfg, err = dedup.IndexConfig(p)
	if err != nil {
		return nil, p, err
	}
	ix, err := index.Open(path, cfg, &index.Options{ReadOnly: readOnly})
	return ix, p, err
}

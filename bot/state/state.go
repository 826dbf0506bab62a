package state

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/briefbot/briefbot/corpus"
)

// Subscription is one channel's scheduled digest.
type Subscription struct {
	ID        string    `json:"id"`
	Platform  string    `json:"platform"`
	Channel   string    `json:"channel"`
	Schedule  string    `json:"schedule"`
	Topic     string    `json:"topic,omitempty"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// Declared subscriptions come from the config file; they are kept in
	// step with it and cannot be removed from chat.
	Declared bool `json:"declared,omitempty"`

	// Watermark is the Until of the last delivered digest (CreatedAt
	// before the first): the next digest covers documents first seen after
	// it.
	Watermark time.Time `json:"watermark"`
	// LastRun is the scheduled time of the last run that was handled; the
	// next run is the schedule's first time after it.
	LastRun time.Time `json:"last_run"`
	// Failures counts posts failed in a row; RetryAt is when the next
	// attempt is due while Failures > 0.
	Failures    int       `json:"failures,omitempty"`
	RetryAt     time.Time `json:"retry_at,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// Pending is the digest post under way or of unknown outcome: set
	// before each post, cleared when the post is confirmed. Files written
	// before it existed decode with none.
	Pending *Pending `json:"pending,omitempty"`
}

// Pending is the intent to post one digest, recorded before the post so
// that a process killed mid-post, or a post that failed after the platform
// took it, is looked for in the channel before the digest is posted again.
type Pending struct {
	// Key names the run: the subscription id and the run's scheduled
	// time. The post carries it (Slack metadata, Discord nonce and marker).
	Key string `json:"key"`
	// Ran is the run's time, the LastRun a confirmed post records.
	Ran time.Time `json:"ran"`
	// Since, Until, Items and More describe the digest posted, for the
	// delivery recorded if it turns out to have reached the channel.
	Since time.Time `json:"since"`
	Until time.Time `json:"until"`
	Items int       `json:"items"`
	More  int       `json:"more,omitempty"`
	// At is when the post began; the channel is searched around it.
	At time.Time `json:"at"`
	// Stories are the stories the digest carries, for later digests to
	// know them again.
	Stories []corpus.StoryRef `json:"stories,omitempty"`
}

// Delivery is one posted digest.
type Delivery struct {
	SubID    string    `json:"sub_id"`
	Since    time.Time `json:"since"`
	Until    time.Time `json:"until"`
	Items    int       `json:"items"`
	More     int       `json:"more,omitempty"`
	PostedAt time.Time `json:"posted_at"`
	// Key is the run's key (see Pending); Found says the post was not
	// confirmed when made but found in the channel afterwards.
	Key   string `json:"key,omitempty"`
	Found bool   `json:"found,omitempty"`
	// Stories are the stories it carried: a later digest to the channel
	// marks their continuations as updates.
	Stories []corpus.StoryRef `json:"stories,omitempty"`
}

var (
	bMeta       = []byte("meta")
	bSubs       = []byte("subscriptions")
	bDeliveries = []byte("deliveries")
	bValidators = []byte("feed_validators")
	bFeedSeen   = []byte("feed_seen")
	bFeeds      = []byte("feeds")
	kVersion    = []byte("version")
	version     = []byte("1")
)

// CorruptError says the state file cannot be trusted. The process should
// stop rather than start afresh and forget every subscription.
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("state file %s is damaged or not a briefbot state file (%v); move it aside to start with no subscriptions, or restore it from a backup", e.Path, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// ErrNotFound is returned for an unknown subscription id.
var ErrNotFound = errors.New("state: no such subscription")

// Store is the state file. Its methods are safe for concurrent use.
type Store struct {
	db   *bolt.DB
	path string
}

// Open opens or creates the state file at path and checks it.
func Open(path string) (s *Store, err error) {
	defer func() {
		// bbolt can panic on a damaged file; that is a damaged file.
		if p := recover(); p != nil {
			s, err = nil, &CorruptError{Path: path, Err: fmt.Errorf("%v", p)}
		}
	}()
	// bbolt would take an empty file for a new one; an empty state file
	// is one that lost its contents (a full disk, a bad copy).
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		return nil, &CorruptError{Path: path, Err: errors.New("the file is empty")}
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("state: %s is in use by another process", path)
		}
		if errors.Is(err, os.ErrPermission) || errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("state: open %s: %w", path, err)
		}
		return nil, &CorruptError{Path: path, Err: err}
	}
	s = &Store{db: db, path: path}
	if err := s.check(); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// check runs bbolt's consistency check, creates the buckets of a new file
// and refuses a file written by something else.
func (s *Store) check() error {
	var errs []error
	err := s.db.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			errs = append(errs, e)
		}
		return nil
	})
	if err == nil && len(errs) > 0 {
		err = errors.Join(errs...)
	}
	if err != nil {
		return &CorruptError{Path: s.path, Err: err}
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if meta == nil {
			if k, _ := tx.Cursor().First(); k != nil {
				return fmt.Errorf("bucket %q but no version", k)
			}
			var err error
			if meta, err = tx.CreateBucket(bMeta); err != nil {
				return err
			}
			if err := meta.Put(kVersion, version); err != nil {
				return err
			}
		}
		if v := meta.Get(kVersion); !bytes.Equal(v, version) {
			return fmt.Errorf("version %q, want %q", v, version)
		}
		for _, b := range [][]byte{bSubs, bDeliveries, bValidators, bFeedSeen, bFeeds} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		// Every record must decode.
		return tx.Bucket(bSubs).ForEach(func(k, v []byte) error {
			var sub Subscription
			if err := json.Unmarshal(v, &sub); err != nil || sub.ID != string(k) {
				return fmt.Errorf("subscription %q is unreadable", k)
			}
			return nil
		})
	})
	if err != nil {
		return &CorruptError{Path: s.path, Err: err}
	}
	return nil
}

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// idAlphabet has no look-alike characters, so ids are easy to type.
const idAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// ID is the stable id of a subscription: the same platform, channel,
// schedule and topic always give the same short id, so declaring or
// subscribing twice is idempotent.
func ID(platform, channel, schedule, topic string) string {
	h := sha256.Sum256([]byte(strings.Join([]string{platform, channel, schedule, strings.ToLower(strings.Join(strings.Fields(topic), " "))}, "\x00")))
	n := binary.BigEndian.Uint64(h[:8])
	var b [6]byte
	for i := range b {
		b[i] = idAlphabet[n%uint64(len(idAlphabet))]
		n /= uint64(len(idAlphabet))
	}
	return string(b[:])
}

// Add stores sub unless a subscription with its id exists; it reports
// whether it was added, and returns the stored subscription either way.
func (s *Store) Add(ctx context.Context, sub Subscription) (Subscription, bool, error) {
	return s.AddLimited(ctx, sub, 0)
}

// LimitError is a subscription refused because its channel already has
// the most allowed.
type LimitError struct {
	Platform, Channel string
	Limit             int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("state: %s channel %s already has %d subscriptions, the most allowed", e.Platform, e.Channel, e.Limit)
}

// AddLimited is Add, refusing with a *LimitError a new subscription in a
// channel that already has limit or more (limit <= 0: no limit). The count
// and the write are one transaction, so concurrent subscribes cannot pass
// the limit together. An existing subscription is returned as by Add.
func (s *Store) AddLimited(ctx context.Context, sub Subscription, limit int) (Subscription, bool, error) {
	if sub.ID == "" {
		sub.ID = ID(sub.Platform, sub.Channel, sub.Schedule, sub.Topic)
	}
	added := false
	err := s.db.Update(func(tx *bolt.Tx) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		b := tx.Bucket(bSubs)
		if v := b.Get([]byte(sub.ID)); v != nil {
			return json.Unmarshal(v, &sub)
		}
		if limit > 0 {
			n := 0
			err := b.ForEach(func(_, v []byte) error {
				if err := ctx.Err(); err != nil {
					return err
				}
				var x Subscription
				if err := json.Unmarshal(v, &x); err != nil {
					return err
				}
				if x.Platform == sub.Platform && x.Channel == sub.Channel {
					n++
				}
				return nil
			})
			if err != nil {
				return err
			}
			if n >= limit {
				return &LimitError{Platform: sub.Platform, Channel: sub.Channel, Limit: limit}
			}
		}
		added = true
		return putJSON(b, sub.ID, sub)
	})
	if err != nil {
		var le *LimitError
		if errors.As(err, &le) {
			return Subscription{}, false, le
		}
		return Subscription{}, false, fmt.Errorf("state: add subscription %s: %w", sub.ID, err)
	}
	return sub, added, nil
}

// Intend records p as the subscription's pending post. It must return
// before the post is sent: bbolt syncs the file when the transaction
// commits, so the intent outlives a kill from then on.
func (s *Store) Intend(ctx context.Context, id string, p Pending) (Subscription, error) {
	sub, err := s.Update(ctx, id, func(sub *Subscription) { sub.Pending = &p })
	if err != nil {
		return Subscription{}, fmt.Errorf("state: record digest post %s before sending it: %w", p.Key, err)
	}
	return sub, nil
}

// Subscription returns one subscription.
func (s *Store) Subscription(_ context.Context, id string) (Subscription, error) {
	var sub Subscription
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bSubs).Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		return json.Unmarshal(v, &sub)
	})
	return sub, err
}

// Subscriptions lists all subscriptions, oldest first.
func (s *Store) Subscriptions(ctx context.Context) ([]Subscription, error) {
	var out []Subscription
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = allJSON[Subscription](ctx, tx.Bucket(bSubs), "subscription")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("state: list subscriptions: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Remove deletes a subscription and its delivery log.
func (s *Store) Remove(_ context.Context, id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSubs)
		if b.Get([]byte(id)) == nil {
			return ErrNotFound
		}
		if err := b.Delete([]byte(id)); err != nil {
			return err
		}
		if err := tx.Bucket(bDeliveries).DeleteBucket([]byte(id)); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
			return err
		}
		return nil
	})
}

// Update applies fn to the stored subscription id in one transaction.
func (s *Store) Update(_ context.Context, id string, fn func(*Subscription)) (Subscription, error) {
	var sub Subscription
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSubs)
		v := b.Get([]byte(id))
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &sub); err != nil {
			return err
		}
		fn(&sub)
		sub.ID = id
		return putJSON(b, id, sub)
	})
	if err != nil {
		return Subscription{}, fmt.Errorf("state: update subscription %s: %w", id, err)
	}
	return sub, nil
}

// ApplyDelivery moves sub past delivery d of the run at ran: its
// watermark to d.Until and its last run to ran (neither goes back), its
// failures and its pending post cleared. Every store's Delivered does it.
func (sub *Subscription) ApplyDelivery(d Delivery, ran time.Time) {
	if d.Until.After(sub.Watermark) {
		sub.Watermark = d.Until
	}
	if ran.After(sub.LastRun) {
		sub.LastRun = ran
	}
	sub.Failures, sub.RetryAt, sub.LastError, sub.LastErrorAt = 0, time.Time{}, "", time.Time{}
	sub.Pending = nil
}

// Delivered records a posted digest and, in the same transaction, moves
// the subscription's watermark to d.Until, its last run to ran and clears
// its failures and its pending post. Call it only after the platform
// accepted the post, or the post was found in the channel.
func (s *Store) Delivered(_ context.Context, d Delivery, ran time.Time) (Subscription, error) {
	var sub Subscription
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSubs)
		v := b.Get([]byte(d.SubID))
		if v == nil {
			return ErrNotFound
		}
		if err := json.Unmarshal(v, &sub); err != nil {
			return err
		}
		sub.ApplyDelivery(d, ran)
		if err := putJSON(b, sub.ID, sub); err != nil {
			return err
		}
		log, err := tx.Bucket(bDeliveries).CreateBucketIfNotExists([]byte(d.SubID))
		if err != nil {
			return err
		}
		seq, _ := log.NextSequence()
		var k [8]byte
		binary.BigEndian.PutUint64(k[:], seq)
		raw, err := json.Marshal(d)
		if err != nil {
			return err
		}
		return log.Put(k[:], raw)
	})
	if err != nil {
		return Subscription{}, fmt.Errorf("state: record delivery for %s: %w", d.SubID, err)
	}
	return sub, nil
}

// Deliveries lists a subscription's delivered digests, oldest first.
func (s *Store) Deliveries(ctx context.Context, subID string) ([]Delivery, error) {
	var out []Delivery
	err := s.db.View(func(tx *bolt.Tx) error {
		log := tx.Bucket(bDeliveries).Bucket([]byte(subID))
		if log == nil {
			return nil
		}
		var err error
		out, err = allJSON[Delivery](ctx, log, "delivery")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("state: deliveries of %s: %w", subID, err)
	}
	return out, nil
}

type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Get returns a feed's stored ETag and Last-Modified ("" when unknown). It
// implements feed.Validators.
func (s *Store) Get(_ context.Context, url string) (etag, lastModified string) {
	var v validators
	_ = s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bValidators).Get([]byte(url))
		if raw == nil {
			return nil
		}
		return json.Unmarshal(raw, &v)
	})
	return v.ETag, v.LastModified
}

// Put stores a feed's validators; both empty forgets them.
func (s *Store) Put(_ context.Context, url, etag, lastModified string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bValidators)
		if etag == "" && lastModified == "" {
			return b.Delete([]byte(url))
		}
		return putJSON(b, url, validators{etag, lastModified})
	})
	if err != nil {
		return fmt.Errorf("state: feed validators for %s: %w", url, err)
	}
	return nil
}

// Seen returns the keys of a feed's items already handled. With PutSeen it
// implements feed.SeenStore, so a restart does not handle them again.
func (s *Store) Seen(_ context.Context, url string) []string {
	var keys []string
	_ = s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bFeedSeen).Get([]byte(url))
		if raw == nil {
			return nil
		}
		return json.Unmarshal(raw, &keys)
	})
	return keys
}

// PutSeen stores the keys of a feed's items already handled.
func (s *Store) PutSeen(_ context.Context, url string, keys []string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bFeedSeen), url, keys)
	})
	if err != nil {
		return fmt.Errorf("state: seen items of %s: %w", url, err)
	}
	return nil
}

// allJSON decodes every record of b, in key order, until ctx ends.
func allJSON[T any](ctx context.Context, b *bolt.Bucket, what string) ([]T, error) {
	var out []T
	err := b.ForEach(func(k, v []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		var x T
		if err := json.Unmarshal(v, &x); err != nil {
			return fmt.Errorf("%s %q: %w", what, k, err)
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), raw)
}

// FeedChange is an admin's change to the followed feeds, kept so that it
// outlives a restart: a feed followed beyond the config file's, or a
// configured one no longer followed.
type FeedChange struct {
	URL    string    `json:"url"`
	Follow bool      `json:"follow"`
	By     string    `json:"by,omitempty"`
	At     time.Time `json:"at"`
}

// SetFeed records a change to a feed; the latest change of a URL wins.
func (s *Store) SetFeed(_ context.Context, c FeedChange) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		return putJSON(tx.Bucket(bFeeds), c.URL, c)
	})
	if err != nil {
		return fmt.Errorf("state: feed %s: %w", c.URL, err)
	}
	return nil
}

// FeedChanges returns the recorded changes, by URL.
func (s *Store) FeedChanges(ctx context.Context) ([]FeedChange, error) {
	var out []FeedChange
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = allJSON[FeedChange](ctx, tx.Bucket(bFeeds), "feed change")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("state: feed changes: %w", err)
	}
	return out, nil
}

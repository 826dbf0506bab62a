package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The compose file runs PostgreSQL and two replicas, each with a data
// volume of its own, on the database URL serve reads, with the password
// from the environment and never written in the file.
func TestDeployCompose(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "deploy", "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Environment map[string]string `yaml:"environment"`
			Volumes     []string          `yaml:"volumes"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.Services["db"].Image, "postgres:15") {
		t.Errorf("db image %q, want postgres:15", c.Services["db"].Image)
	}
	dataVolumes := map[string]bool{}
	for _, name := range []string{"briefbot-1", "briefbot-2"} {
		s, ok := c.Services[name]
		if !ok {
			t.Fatalf("no service %s", name)
		}
		// Compose fills in the password from the environment.
		if u := s.Environment["BRIEFBOT_DATABASE_URL"]; !strings.HasPrefix(u, "postgres://briefbot:${POSTGRES_PASSWORD}@db:5432/") {
			t.Errorf("%s: BRIEFBOT_DATABASE_URL %q; want the db service, the password from the environment", name, u)
		}
		for _, v := range s.Volumes {
			if src, dst, _ := strings.Cut(v, ":"); strings.HasPrefix(dst, "/data") {
				dataVolumes[src] = true
			}
		}
	}
	if len(dataVolumes) != 2 {
		t.Errorf("data volumes %v: each replica needs its own", dataVolumes)
	}
}

// The Kubernetes example: two replicas, ready when /healthz (serve's
// route) answers, the data dir on an emptyDir.
func TestDeployKubernetes(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "deploy", "k8s", "briefbot.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	type probe struct {
		HTTPGet struct {
			Path string `yaml:"path"`
		} `yaml:"httpGet"`
	}
	var dep struct {
		Kind string `yaml:"kind"`
		Spec struct {
			Replicas int `yaml:"replicas"`
			Template struct {
				Spec struct {
					Containers []struct {
						ReadinessProbe probe `yaml:"readinessProbe"`
						VolumeMounts   []struct {
							Name      string `yaml:"name"`
							MountPath string `yaml:"mountPath"`
						} `yaml:"volumeMounts"`
						Env []struct {
							Name, Value string
						} `yaml:"env"`
					} `yaml:"containers"`
					Volumes []struct {
						Name     string    `yaml:"name"`
						EmptyDir *struct{} `yaml:"emptyDir"`
					} `yaml:"volumes"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if doc["kind"] != "Deployment" {
			continue
		}
		b, _ := yaml.Marshal(doc)
		if err := yaml.Unmarshal(b, &dep); err != nil {
			t.Fatal(err)
		}
	}
	if dep.Kind != "Deployment" || dep.Spec.Replicas != 2 {
		t.Fatalf("want a Deployment of 2 replicas, got %s of %d", dep.Kind, dep.Spec.Replicas)
	}
	ctr := dep.Spec.Template.Spec.Containers[0]
	if ctr.ReadinessProbe.HTTPGet.Path != "/healthz" {
		t.Errorf("readiness on %q, want /healthz", ctr.ReadinessProbe.HTTPGet.Path)
	}
	dataDir := ""
	for _, e := range ctr.Env {
		if e.Name == "BRIEFBOT_DATA" {
			dataDir = e.Value
		}
	}
	onEmptyDir := false
	for _, m := range ctr.VolumeMounts {
		for _, v := range dep.Spec.Template.Spec.Volumes {
			if m.Name == v.Name && m.MountPath == dataDir && v.EmptyDir != nil {
				onEmptyDir = true
			}
		}
	}
	if dataDir == "" || !onEmptyDir {
		t.Errorf("the data dir (BRIEFBOT_DATA=%q) is not on an emptyDir", dataDir)
	}
}

package pgtest

import "syscall"

// sysProcAttr runs postgres as cred, in a process group of its own (a ^C
// to the tests is for them), and has the kernel stop it with an immediate
// shutdown if the test binary dies without stopping it.
func sysProcAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Setpgid: true, Pdeathsig: syscall.SIGQUIT}
}

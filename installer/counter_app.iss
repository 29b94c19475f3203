; Inno Setup 6 script: the Windows installer of counter_app (Bộ phận Một cửa).
; Input: the one-folder build of build_installer.spec in ..\dist\counter-app (counter-app.exe, counter-app-cli.exe).
; Build on Windows:  "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\counter_app.iss
; Output: dist\installer\counter-app-setup-<version>.exe. .github/workflows/windows.yml builds, installs silently,
; runs and uninstalls it. It has not been compiled on the Linux machines this project is developed on: Inno Setup's
; compiler (ISCC.exe) is a 32-bit Windows program, not packaged by Debian, and would need wine32 (README).
;
; - Per machine: Program Files, administrator rights, Start-menu shortcuts for every user (and a desktop one).
; - The store belongs to the PC, not to one Windows account: %ProgramData%\counter_app, created here with modify
;   rights for the Users group, so every officer who logs on to the counter PC opens the same store.
; - Upgrade in place: the same AppId installs over the previous version in the same folder; the data folder is
;   never touched by setup. The uninstaller removes the program and leaves the data and its backups.
; - Windows 10 64-bit or later.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Phần mềm Một cửa"
#define AppExe "counter-app.exe"
#define CliExe "counter-app-cli.exe"

[Setup]
; Never change the AppId: it is how a new version finds and replaces the installed one.
AppId={{6C1F0E52-8A7B-4C3D-9E21-5B0A7D4F3C18}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=counter_app
DefaultDirName={autopf}\counter_app
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist\installer
OutputBaseFilename=counter-app-setup-{#AppVersion}
SetupIconFile=..\resources\icons\counter_app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; A running window is closed (Restart Manager) before its files are replaced, and reopened after an upgrade.
CloseApplications=yes
RestartApplications=yes
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} — cài đặt

[Languages]
; Inno Setup ships no official Vietnamese translation of its own pages: they are in English; our texts are Vietnamese.
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình (Desktop)"; GroupDescription: "Biểu tượng:"

[Dirs]
; The store of the PC: every Windows user of the counter PC may read and write it. Kept on uninstall.
Name: "{commonappdata}\counter_app"; Permissions: users-modify; Flags: uninsneveruninstall
Name: "{commonappdata}\counter_app\backups"; Permissions: users-modify; Flags: uninsneveruninstall

[InstallDelete]
; An upgrade replaces the bundled libraries whole: no file of an older version is left beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\counter-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Tiếp nhận hồ sơ, in giấy biên nhận, theo dõi và báo cáo"
Name: "{autoprograms}\{#AppName} — dòng lệnh"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" --help"; WorkingDir: "{commonappdata}\counter_app"; Comment: "counter-app-cli: lệnh cho cán bộ CNTT"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
; After an interactive install, open the window: on a new PC it starts with the first-run wizard.
Filename: "{app}\{#AppExe}"; Description: "Mở {#AppName}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself wrote beside its files; %ProgramData%\counter_app (data, backups) stays.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

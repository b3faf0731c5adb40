// The organisation profile's pure rules: the form schema (https-only privacy link, a valid support
// email), the logo check (PNG or JPEG by content, at most 512 KB, never SVG), the neutral wording
// while nothing is set, and every email's footer naming the organisation.
import { renderEmail } from "../../emails";
import { BuyerName, buyerName, checkLogo, MAX_LOGO_BYTES, NO_ORGANISATION, organisationProfileSchema } from "~/domain/organisation";

const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const text = (s: string) => new TextEncoder().encode(s);

const NORTHWIND = {
  name: "Northwind Health",
  supportName: "Dana Ortiz",
  supportEmail: "vendor-risk@northwind.example",
  privacyUrl: "https://northwind.example/privacy",
  logoHash: null,
};

describe("organisation profile rules", () => {
  it("accepts only https privacy links and valid support emails; empty fields mean not set", () => {
    const ok = organisationProfileSchema.parse({ name: " Northwind Health ", supportName: "", supportEmail: "A@B.example", privacyUrl: "https://b.example/p" });
    expect(ok).toEqual({ name: "Northwind Health", supportName: null, supportEmail: "a@b.example", privacyUrl: "https://b.example/p", removeLogo: false });
    for (const privacyUrl of ["http://b.example/p", "javascript:alert(1)", "b.example/p", "https://user:pw@b.example/", "https://local host/"]) {
      expect(organisationProfileSchema.safeParse({ privacyUrl }).success, privacyUrl).toBe(false);
    }
    expect(organisationProfileSchema.safeParse({ supportEmail: "nobody" }).success).toBe(false);
    expect(organisationProfileSchema.safeParse({ name: "x".repeat(121) }).success).toBe(false);
  });

  it("takes a PNG or JPEG by its content, and refuses SVG, lying files, other types and oversized logos", () => {
    expect(checkLogo(PNG, "logo.png")).toEqual({ ok: true, contentType: "image/png" });
    expect(checkLogo(JPEG, "logo.JPG")).toEqual({ ok: true, contentType: "image/jpeg" });
    const refused = (bytes: Uint8Array, name: string) => {
      const result = checkLogo(bytes, name);
      return result.ok ? "accepted" : result.message;
    };
    expect(refused(text("<svg xmlns='http://www.w3.org/2000/svg'/>"), "logo.svg")).toContain("SVG logos are not accepted");
    expect(refused(text("<?xml version='1.0'?><svg/>"), "logo.png")).toContain("SVG logos are not accepted");
    expect(refused(text("plain text"), "logo.png")).toContain("its content is not a PNG image");
    expect(refused(PNG, "logo.jpg")).toContain("it looks like a PNG image");
    expect(refused(text("GIF89a"), "logo.gif")).toContain("Files of type .gif are not accepted as a logo");
    expect(refused(new Uint8Array(0), "logo.png")).toContain("This file is empty.");
    const big = new Uint8Array(MAX_LOGO_BYTES + 1);
    big.set(PNG);
    expect(refused(big, "logo.png")).toContain("larger than 512 KB");
  });

  it("names the buyer neutrally while the profile is unset, never as Assay", () => {
    expect(buyerName(NO_ORGANISATION)).toBe("the buying organisation");
    expect(BuyerName(NO_ORGANISATION)).toBe("The buying organisation");
    expect(BuyerName(NORTHWIND)).toBe("Northwind Health");
  });

  it("puts the organisation's name, support contact and privacy notice in the footer of every email, staff ones too", async () => {
    const signIn = await renderEmail("sign-in", { name: "Rita", url: "http://localhost/login/x", minutesValid: 15 }, NORTHWIND);
    expect(signIn.text).toContain("Sent for Northwind Health by Assay");
    expect(signIn.text).toContain("Questions? Contact Dana Ortiz (vendor-risk@northwind.example).");
    expect(signIn.html).toContain('href="https://northwind.example/privacy"');

    const props = { contactName: "Sam", supplierName: "Acme", dueDate: "1 Jan 2027", daysLeft: 7, url: "http://localhost/v/x" };
    const reminder = await renderEmail("assessment-reminder", props, NORTHWIND);
    expect(reminder.text).toContain("Northwind Health has asked you to answer");
    const unset = await renderEmail("assessment-reminder", props);
    expect(unset.text).toContain("The buying organisation has asked you to answer");
    expect(unset.text).not.toContain("Questions? Contact");
    expect(unset.text).not.toMatch(/Assay has asked/);
  });
});
